using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderOrgUnitIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_orders_customer_id_org_unit_id_created_at",
                table: "orders",
                columns: new[] { "customer_id", "org_unit_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_customer_id_org_unit_id_created_at",
                table: "orders");
        }
    }
}
