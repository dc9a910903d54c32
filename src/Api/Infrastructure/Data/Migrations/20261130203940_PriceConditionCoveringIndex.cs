using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class PriceConditionCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_price_conditions_sku_currency",
                table: "price_conditions");

            migrationBuilder.CreateIndex(
                name: "ix_price_conditions_sku_currency",
                table: "price_conditions",
                columns: new[] { "sku", "currency" })
                .Annotation("Npgsql:IndexInclude", new[] { "id", "kind", "customer_id", "customer_group", "contract_no", "category", "price", "discount_percent", "min_quantity", "price_unit", "valid_from", "valid_to" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_price_conditions_sku_currency",
                table: "price_conditions");

            migrationBuilder.CreateIndex(
                name: "ix_price_conditions_sku_currency",
                table: "price_conditions",
                columns: new[] { "sku", "currency" });
        }
    }
}
