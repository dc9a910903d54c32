using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue23BudgetReservedReleased : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "released",
                table: "budget_period_totals",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "reserved",
                table: "budget_period_totals",
                type: "numeric(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            // What the charges of orders pending approval (reserved) and of rejected or cancelled orders (released)
            // add up to so far; from now on the ledger keeps both with the orders' status changes.
            migrationBuilder.Sql("""
                UPDATE budget_period_totals AS t
                SET reserved = coalesce(s.reserved, 0), released = coalesce(s.released, 0)
                FROM (SELECT c.budget_id, c.period_start,
                             sum(c.amount) FILTER (WHERE o.status = 'pending-approval') AS reserved,
                             sum(c.amount) FILTER (WHERE o.status IN ('rejected', 'cancelled')) AS released
                      FROM budget_charges AS c JOIN orders AS o ON o.id = c.order_id
                      GROUP BY c.budget_id, c.period_start) AS s
                WHERE t.budget_id = s.budget_id AND t.period_start = s.period_start;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "released",
                table: "budget_period_totals");

            migrationBuilder.DropColumn(
                name: "reserved",
                table: "budget_period_totals");
        }
    }
}
