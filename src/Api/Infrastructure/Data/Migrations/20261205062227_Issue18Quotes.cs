using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue18Quotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "attachment",
                table: "mail_messages",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "attachment_content_type",
                table: "mail_messages",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "attachment_name",
                table: "mail_messages",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "quotes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    requester_id = table.Column<Guid>(type: "uuid", nullable: true),
                    org_unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    requested_delivery_date = table.Column<DateOnly>(type: "date", nullable: true),
                    cart_id = table.Column<Guid>(type: "uuid", nullable: true),
                    requested_lines = table.Column<string>(type: "text", nullable: false),
                    requested_value = table.Column<decimal>(type: "numeric(19,2)", precision: 19, scale: 2, nullable: false),
                    claimed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    draft_lines = table.Column<string>(type: "text", nullable: false),
                    draft_valid_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    draft_note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    latest_version = table.Column<int>(type: "integer", nullable: false),
                    valid_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    total = table.Column<decimal>(type: "numeric(19,2)", precision: 19, scale: 2, nullable: true),
                    accepted_version = table.Column<int>(type: "integer", nullable: true),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decline_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quotes", x => x.id);
                    table.ForeignKey(
                        name: "fk_quotes_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quote_history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quote_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    from = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    to = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    quote_version = table.Column<int>(type: "integer", nullable: true),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quote_history", x => x.id);
                    table.ForeignKey(
                        name: "fk_quote_history_quotes_quote_id",
                        column: x => x.quote_id,
                        principalTable: "quotes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quote_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quote_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    lines = table.Column<string>(type: "text", nullable: false),
                    total = table.Column<decimal>(type: "numeric(19,2)", precision: 19, scale: 2, nullable: false),
                    list_total = table.Column<decimal>(type: "numeric(19,2)", precision: 19, scale: 2, nullable: false),
                    saving = table.Column<decimal>(type: "numeric(19,2)", precision: 19, scale: 2, nullable: false),
                    valid_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    sent_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quote_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_quote_versions_quotes_quote_id",
                        column: x => x.quote_id,
                        principalTable: "quotes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_quote_history_quote_id_at",
                table: "quote_history",
                columns: new[] { "quote_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_quote_versions_quote_id_number",
                table: "quote_versions",
                columns: new[] { "quote_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_quotes_customer_id_status_number",
                table: "quotes",
                columns: new[] { "customer_id", "status", "number" });

            migrationBuilder.CreateIndex(
                name: "ix_quotes_number",
                table: "quotes",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_quotes_status_number",
                table: "quotes",
                columns: new[] { "status", "number" });

            migrationBuilder.CreateIndex(
                name: "ix_quotes_status_valid_until",
                table: "quotes",
                columns: new[] { "status", "valid_until" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quote_history");

            migrationBuilder.DropTable(
                name: "quote_versions");

            migrationBuilder.DropTable(
                name: "quotes");

            migrationBuilder.DropColumn(
                name: "attachment",
                table: "mail_messages");

            migrationBuilder.DropColumn(
                name: "attachment_content_type",
                table: "mail_messages");

            migrationBuilder.DropColumn(
                name: "attachment_name",
                table: "mail_messages");
        }
    }
}
