using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderLineConfirmation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "confirmed_delivery_date",
                table: "order_lines",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "confirmed_quantity",
                table: "order_lines",
                type: "numeric(18,3)",
                precision: 18,
                scale: 3,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "confirmed_unit_price",
                table: "order_lines",
                type: "numeric(19,4)",
                precision: 19,
                scale: 4,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "confirmed_delivery_date",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "confirmed_quantity",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "confirmed_unit_price",
                table: "order_lines");
        }
    }
}
