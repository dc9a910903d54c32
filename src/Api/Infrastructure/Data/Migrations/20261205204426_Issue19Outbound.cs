using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue19Outbound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "cxml_outbound_secret_protected",
                table: "punchout_accounts",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "cxml_outbound_url",
                table: "punchout_accounts",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "cxml_sign_invoices",
                table: "punchout_accounts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "deployment_mode",
                table: "cxml_order_receipts",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "from_domain",
                table: "cxml_order_receipts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "from_identity",
                table: "cxml_order_receipts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "order_date",
                table: "cxml_order_receipts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "to_domain",
                table: "cxml_order_receipts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "to_identity",
                table: "cxml_order_receipts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "order_cxml_documents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subtype = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    payload_id = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_status = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    last_http_status = table.Column<int>(type: "integer", nullable: true),
                    last_cxml_status = table.Column<int>(type: "integer", nullable: true),
                    last_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    locked_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempt_log = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_cxml_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_cxml_documents_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_order_cxml_documents_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "order_invoices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    subtotal = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    shipping = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    tax = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    total = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    content_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    lines = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_invoices", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_invoices_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_order_invoices_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_order_cxml_documents_customer_id",
                table: "order_cxml_documents",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_order_cxml_documents_order_id",
                table: "order_cxml_documents",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_order_cxml_documents_payload_id",
                table: "order_cxml_documents",
                column: "payload_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_order_cxml_documents_state_next_attempt_at",
                table: "order_cxml_documents",
                columns: new[] { "state", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "ix_order_invoices_customer_id_number",
                table: "order_invoices",
                columns: new[] { "customer_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_order_invoices_order_id",
                table: "order_invoices",
                column: "order_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "order_cxml_documents");

            migrationBuilder.DropTable(
                name: "order_invoices");

            migrationBuilder.DropColumn(
                name: "cxml_outbound_secret_protected",
                table: "punchout_accounts");

            migrationBuilder.DropColumn(
                name: "cxml_outbound_url",
                table: "punchout_accounts");

            migrationBuilder.DropColumn(
                name: "cxml_sign_invoices",
                table: "punchout_accounts");

            migrationBuilder.DropColumn(
                name: "deployment_mode",
                table: "cxml_order_receipts");

            migrationBuilder.DropColumn(
                name: "from_domain",
                table: "cxml_order_receipts");

            migrationBuilder.DropColumn(
                name: "from_identity",
                table: "cxml_order_receipts");

            migrationBuilder.DropColumn(
                name: "order_date",
                table: "cxml_order_receipts");

            migrationBuilder.DropColumn(
                name: "to_domain",
                table: "cxml_order_receipts");

            migrationBuilder.DropColumn(
                name: "to_identity",
                table: "cxml_order_receipts");
        }
    }
}
