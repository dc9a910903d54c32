using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Pricing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "pricing_strategy",
                table: "customers",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "priority");

            migrationBuilder.AddColumn<bool>(
                name: "realtime_pricing",
                table: "customers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "regulated_goods_approved",
                table: "customers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "price_conditions",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: true),
                    customer_group = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    contract_no = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    category = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    price = table.Column<decimal>(type: "numeric(19,6)", precision: 19, scale: 6, nullable: true),
                    discount_percent = table.Column<decimal>(type: "numeric(9,4)", precision: 9, scale: 4, nullable: true),
                    min_quantity = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    price_unit = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: true),
                    valid_to = table.Column<DateOnly>(type: "date", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_price_conditions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_price_conditions_customer_id_sku",
                table: "price_conditions",
                columns: new[] { "customer_id", "sku" });

            migrationBuilder.CreateIndex(
                name: "ix_price_conditions_kind_customer_group",
                table: "price_conditions",
                columns: new[] { "kind", "customer_group" });

            migrationBuilder.CreateIndex(
                name: "ix_price_conditions_sku_currency",
                table: "price_conditions",
                columns: new[] { "sku", "currency" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "price_conditions");

            migrationBuilder.DropColumn(
                name: "pricing_strategy",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "realtime_pricing",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "regulated_goods_approved",
                table: "customers");
        }
    }
}
