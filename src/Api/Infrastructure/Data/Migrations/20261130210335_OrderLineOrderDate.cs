using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderLineOrderDate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_order_lines_customer_id_cost_center_id",
                table: "order_lines");

            migrationBuilder.DropIndex(
                name: "ix_order_lines_customer_id_sku",
                table: "order_lines");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "order_created_at",
                table: "order_lines",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Existing lines take their order's date.
            migrationBuilder.Sql("UPDATE order_lines AS l SET order_created_at = o.created_at FROM orders AS o WHERE o.id = l.order_id;");

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_customer_id_cost_center_id_order_created_at",
                table: "order_lines",
                columns: new[] { "customer_id", "cost_center_id", "order_created_at" })
                .Annotation("Npgsql:IndexInclude", new[] { "order_id" });

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_customer_id_sku_order_created_at",
                table: "order_lines",
                columns: new[] { "customer_id", "sku", "order_created_at" })
                .Annotation("Npgsql:IndexInclude", new[] { "order_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_order_lines_customer_id_cost_center_id_order_created_at",
                table: "order_lines");

            migrationBuilder.DropIndex(
                name: "ix_order_lines_customer_id_sku_order_created_at",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "order_created_at",
                table: "order_lines");

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_customer_id_cost_center_id",
                table: "order_lines",
                columns: new[] { "customer_id", "cost_center_id" })
                .Annotation("Npgsql:IndexInclude", new[] { "order_id" });

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_customer_id_sku",
                table: "order_lines",
                columns: new[] { "customer_id", "sku" })
                .Annotation("Npgsql:IndexInclude", new[] { "order_id" });
        }
    }
}
