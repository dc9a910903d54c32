using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue23OutboxMailLane : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "mailed_at",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            // Events fanned out so far had their mails composed in the same step.
            migrationBuilder.Sql("UPDATE outbox_messages SET mailed_at = dispatched_at WHERE dispatched_at IS NOT NULL;");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_mailed_at_occurred_at",
                table: "outbox_messages",
                columns: new[] { "mailed_at", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_mailed_at_occurred_at",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "mailed_at",
                table: "outbox_messages");
        }
    }
}
