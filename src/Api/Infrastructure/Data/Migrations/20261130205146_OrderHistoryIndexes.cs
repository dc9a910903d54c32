using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderHistoryIndexes : Migration
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

            migrationBuilder.CreateIndex(
                name: "ix_orders_customer_reference",
                table: "orders",
                column: "customer_reference")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_customer_reference",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_order_lines_customer_id_cost_center_id",
                table: "order_lines");

            migrationBuilder.DropIndex(
                name: "ix_order_lines_customer_id_sku",
                table: "order_lines");

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_customer_id_cost_center_id",
                table: "order_lines",
                columns: new[] { "customer_id", "cost_center_id" });

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_customer_id_sku",
                table: "order_lines",
                columns: new[] { "customer_id", "sku" });
        }
    }
}
