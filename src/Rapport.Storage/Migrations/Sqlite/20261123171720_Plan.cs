using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Plan : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "plan_capacity",
                columns: table => new
                {
                    branch_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    week_start = table.Column<int>(type: "INTEGER", nullable: false),
                    capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    planned = table.Column<int>(type: "INTEGER", nullable: false),
                    missing = table.Column<int>(type: "INTEGER", nullable: false),
                    minutes_per_call = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_capacity", x => new { x.branch_id, x.week_start });
                });

            migrationBuilder.CreateTable(
                name: "plan_customers",
                columns: table => new
                {
                    customer_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    branch_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    summary = table.Column<string>(type: "TEXT", nullable: true),
                    first_touch = table.Column<int>(type: "INTEGER", nullable: false),
                    touches = table.Column<int>(type: "INTEGER", nullable: false),
                    first_held = table.Column<int>(type: "INTEGER", nullable: false),
                    held = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_customers", x => x.customer_id);
                });

            migrationBuilder.CreateTable(
                name: "plan_days",
                columns: table => new
                {
                    day = table.Column<int>(type: "INTEGER", nullable: false),
                    branch_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    touches = table.Column<int>(type: "INTEGER", nullable: false),
                    first_touch = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                });

            migrationBuilder.CreateTable(
                name: "plan_held",
                columns: table => new
                {
                    held_no = table.Column<int>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    day = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    wanted_by = table.Column<short>(type: "INTEGER", nullable: false),
                    held_by = table.Column<short>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_held", x => x.held_no);
                });

            migrationBuilder.CreateTable(
                name: "plan_runs",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    as_of = table.Column<int>(type: "INTEGER", nullable: false),
                    horizon_days = table.Column<int>(type: "INTEGER", nullable: false),
                    made_at = table.Column<long>(type: "INTEGER", nullable: false),
                    policy = table.Column<string>(type: "TEXT", nullable: false),
                    customers = table.Column<int>(type: "INTEGER", nullable: false),
                    touches = table.Column<int>(type: "INTEGER", nullable: false),
                    calls = table.Column<int>(type: "INTEGER", nullable: false),
                    held = table.Column<int>(type: "INTEGER", nullable: false),
                    unreachable = table.Column<int>(type: "INTEGER", nullable: false),
                    calls_missing = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plan_touches",
                columns: table => new
                {
                    touch_no = table.Column<int>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    day = table.Column<int>(type: "INTEGER", nullable: false),
                    start_minute = table.Column<short>(type: "INTEGER", nullable: true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    staff_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    branch_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    rule = table.Column<short>(type: "INTEGER", nullable: false),
                    detail = table.Column<int>(type: "INTEGER", nullable: false),
                    channel_rank = table.Column<short>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_touches", x => x.touch_no);
                });

            migrationBuilder.CreateTable(
                name: "plan_unreachable",
                columns: table => new
                {
                    customer_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    why = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_unreachable", x => x.customer_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_plan_days_day_branch",
                table: "plan_days",
                columns: new[] { "day", "branch_id" });

            migrationBuilder.CreateIndex(
                name: "ix_plan_touches_calls",
                table: "plan_touches",
                columns: new[] { "day", "staff_id", "start_minute" },
                filter: "start_minute IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plan_capacity");

            migrationBuilder.DropTable(
                name: "plan_customers");

            migrationBuilder.DropTable(
                name: "plan_days");

            migrationBuilder.DropTable(
                name: "plan_held");

            migrationBuilder.DropTable(
                name: "plan_runs");

            migrationBuilder.DropTable(
                name: "plan_touches");

            migrationBuilder.DropTable(
                name: "plan_unreachable");
        }
    }
}
