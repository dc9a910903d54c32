using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue22Privacy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "erased_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "requires_approval",
                table: "products",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "restricted_groups",
                table: "products",
                type: "character varying(700)",
                maxLength: 700,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "channel",
                table: "orders",
                type: "character varying(24)",
                maxLength: 24,
                nullable: false,
                defaultValue: "api");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "personal_data_erased_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "access_log_days",
                table: "customers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "groups",
                table: "customers",
                type: "character varying(700)",
                maxLength: 700,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "inactive_user_days",
                table: "customers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "order_personal_data_days",
                table: "customers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin",
                table: "carts",
                type: "character varying(24)",
                maxLength: 24,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_created_at_channel",
                table: "orders",
                columns: new[] { "created_at", "channel" });

            // ADR 0016: the account flag regulatedGoodsApproved becomes membership of the customer group
            // "regulated", and a regulated product is restricted to that group, so that every account keeps
            // exactly what it could buy before. Orders placed before this migration have the channel "api".
            migrationBuilder.Sql("UPDATE customers SET groups = ',regulated,' WHERE regulated_goods_approved;");
            migrationBuilder.Sql("UPDATE products SET restricted_groups = ',regulated,' WHERE regulated;");
            migrationBuilder.DropColumn(
                name: "regulated_goods_approved",
                table: "customers");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "regulated_goods_approved",
                table: "customers",
                type: "boolean",
                nullable: false,
                defaultValue: false);
            migrationBuilder.Sql("UPDATE customers SET regulated_goods_approved = TRUE WHERE groups LIKE '%,regulated,%';");

            migrationBuilder.DropIndex(
                name: "ix_orders_created_at_channel",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "erased_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "requires_approval",
                table: "products");

            migrationBuilder.DropColumn(
                name: "restricted_groups",
                table: "products");

            migrationBuilder.DropColumn(
                name: "channel",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "personal_data_erased_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "access_log_days",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "groups",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "inactive_user_days",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "order_personal_data_days",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "origin",
                table: "carts");

        }
    }
}
