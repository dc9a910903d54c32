using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Punchout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "price_mismatches",
                table: "orders",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "cxml_order_receipts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    payload_id = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    buyer_order_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    order_version = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cxml_order_receipts", x => x.id);
                    table.ForeignKey(
                        name: "fk_cxml_order_receipts_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "punchout_accounts",
                columns: table => new
                {
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    shared_secret_hash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    allowed_return_urls = table.Column<List<string>>(type: "text[]", nullable: false),
                    auto_create_users = table.Column<bool>(type: "boolean", nullable: false),
                    default_org_unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    form_encoding = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_punchout_accounts", x => x.customer_id);
                    table.ForeignKey(
                        name: "fk_punchout_accounts_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "punchout_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    operation = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    buyer_cookie = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    return_url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    form_encoding = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    setup_payload_id = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    buyer_domain = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    buyer_identity = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    supplier_domain = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    supplier_identity = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    start_token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    start_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    browser_token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    form_token = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    dropped_lines = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    transferred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_punchout_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_punchout_sessions_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "punchout_credentials",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    domain = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    identity = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_punchout_credentials", x => x.id);
                    table.ForeignKey(
                        name: "fk_punchout_credentials_punchout_accounts_customer_id",
                        column: x => x.customer_id,
                        principalTable: "punchout_accounts",
                        principalColumn: "customer_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "punchout_session_lines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    session_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    quoted_unit_price = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    quoted_currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_punchout_session_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_punchout_session_lines_punchout_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "punchout_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cxml_order_receipts_customer_id_buyer_order_id_order_version",
                table: "cxml_order_receipts",
                columns: new[] { "customer_id", "buyer_order_id", "order_version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cxml_order_receipts_customer_id_payload_id",
                table: "cxml_order_receipts",
                columns: new[] { "customer_id", "payload_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_punchout_credentials_customer_id",
                table: "punchout_credentials",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_punchout_credentials_domain_identity",
                table: "punchout_credentials",
                columns: new[] { "domain", "identity" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_punchout_session_lines_session_id_position",
                table: "punchout_session_lines",
                columns: new[] { "session_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_punchout_sessions_browser_token_hash",
                table: "punchout_sessions",
                column: "browser_token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_punchout_sessions_customer_id",
                table: "punchout_sessions",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_punchout_sessions_expires_at",
                table: "punchout_sessions",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_punchout_sessions_start_token_hash",
                table: "punchout_sessions",
                column: "start_token_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cxml_order_receipts");

            migrationBuilder.DropTable(
                name: "punchout_credentials");

            migrationBuilder.DropTable(
                name: "punchout_session_lines");

            migrationBuilder.DropTable(
                name: "punchout_accounts");

            migrationBuilder.DropTable(
                name: "punchout_sessions");

            migrationBuilder.DropColumn(
                name: "price_mismatches",
                table: "orders");
        }
    }
}
