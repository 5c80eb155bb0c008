using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PlanExamples : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "reason",
                table: "plan_held",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<int>(
                name: "second_touch",
                table: "plan_days",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "third_touch",
                table: "plan_days",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "second_touch",
                table: "plan_days");

            migrationBuilder.DropColumn(
                name: "third_touch",
                table: "plan_days");

            migrationBuilder.AlterColumn<string>(
                name: "reason",
                table: "plan_held",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
