using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Api.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue19Oci : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "oci_charset",
                table: "punchout_sessions",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "oci_target",
                table: "punchout_sessions",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "protocol",
                table: "punchout_sessions",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "cxml");

            migrationBuilder.AlterColumn<string>(
                name: "shared_secret_hash",
                table: "punchout_accounts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200);

            migrationBuilder.AddColumn<string>(
                name: "default_buyer_email",
                table: "punchout_accounts",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "oci_allowed_hook_urls",
                table: "punchout_accounts",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<string>(
                name: "oci_charset",
                table: "punchout_accounts",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "oci_password_hash",
                table: "punchout_accounts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "oci_username",
                table: "punchout_accounts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "content_hash",
                table: "cxml_order_receipts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_punchout_accounts_oci_username",
                table: "punchout_accounts",
                column: "oci_username",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_punchout_accounts_oci_username",
                table: "punchout_accounts");

            migrationBuilder.DropColumn(
                name: "oci_charset",
                table: "punchout_sessions");

            migrationBuilder.DropColumn(
                name: "oci_target",
                table: "punchout_sessions");

            migrationBuilder.DropColumn(
                name: "protocol",
                table: "punchout_sessions");

            migrationBuilder.DropColumn(
                name: "default_buyer_email",
                table: "punchout_accounts");

            migrationBuilder.DropColumn(
                name: "oci_allowed_hook_urls",
                table: "punchout_accounts");

            migrationBuilder.DropColumn(
                name: "oci_charset",
                table: "punchout_accounts");

            migrationBuilder.DropColumn(
                name: "oci_password_hash",
                table: "punchout_accounts");

            migrationBuilder.DropColumn(
                name: "oci_username",
                table: "punchout_accounts");

            migrationBuilder.DropColumn(
                name: "content_hash",
                table: "cxml_order_receipts");

            migrationBuilder.AlterColumn<string>(
                name: "shared_secret_hash",
                table: "punchout_accounts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);
        }
    }
}
