using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue20Sso : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "redirect_uris",
                table: "api_clients",
                type: "text[]",
                nullable: false,
                defaultValue: new List<string>()); // existing clients: none

            migrationBuilder.AddColumn<string>(
                name: "type",
                table: "api_clients",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "machine");

            migrationBuilder.CreateTable(
                name: "sso_assertion_uses",
                columns: table => new
                {
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    assertion_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sso_assertion_uses", x => new { x.customer_id, x.assertion_id });
                });

            migrationBuilder.CreateTable(
                name: "sso_connections",
                columns: table => new
                {
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    protocol = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    oidc_authority = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    oidc_client_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    oidc_client_secret_protected = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    oidc_scopes = table.Column<List<string>>(type: "text[]", nullable: false),
                    saml_idp_entity_id = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    saml_sso_url = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    saml_signing_certificates = table.Column<List<string>>(type: "text[]", nullable: false),
                    saml_name_id_format = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    email_claim = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    name_claim = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    groups_claim = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    email_domains = table.Column<List<string>>(type: "text[]", nullable: false),
                    require_sso = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sso_connections", x => x.customer_id);
                    table.ForeignKey(
                        name: "fk_sso_connections_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sso_login_requests",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    protocol = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    return_url = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    browser_binding_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    nonce = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    code_verifier_protected = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sso_login_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_sso_login_requests_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sso_role_mappings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    group = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    org_unit_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sso_role_mappings", x => x.id);
                    table.ForeignKey(
                        name: "fk_sso_role_mappings_org_units_org_unit_id",
                        column: x => x.org_unit_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sso_role_mappings_sso_connections_customer_id",
                        column: x => x.customer_id,
                        principalTable: "sso_connections",
                        principalColumn: "customer_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sso_assertion_uses_expires_at",
                table: "sso_assertion_uses",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_sso_login_requests_customer_id",
                table: "sso_login_requests",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_sso_login_requests_expires_at",
                table: "sso_login_requests",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_sso_role_mappings_customer_id",
                table: "sso_role_mappings",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_sso_role_mappings_org_unit_id",
                table: "sso_role_mappings",
                column: "org_unit_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sso_assertion_uses");

            migrationBuilder.DropTable(
                name: "sso_login_requests");

            migrationBuilder.DropTable(
                name: "sso_role_mappings");

            migrationBuilder.DropTable(
                name: "sso_connections");

            migrationBuilder.DropColumn(
                name: "redirect_uris",
                table: "api_clients");

            migrationBuilder.DropColumn(
                name: "type",
                table: "api_clients");
        }
    }
}
