using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CustomerScores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "customer_scores",
                columns: table => new
                {
                    customer_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    recency_score = table.Column<int>(type: "integer", nullable: false),
                    frequency_score = table.Column<int>(type: "integer", nullable: false),
                    monetary_score = table.Column<int>(type: "integer", nullable: false),
                    tier = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    tenure_months = table.Column<int>(type: "integer", nullable: false),
                    purchase_days = table.Column<int>(type: "integer", nullable: false),
                    last_purchase = table.Column<DateOnly>(type: "date", nullable: true),
                    total_spend = table.Column<double>(type: "double precision", nullable: false),
                    trailing_year_spend = table.Column<double>(type: "double precision", nullable: false),
                    usual_interval_days = table.Column<double>(type: "double precision", nullable: true),
                    probability_alive = table.Column<double>(type: "double precision", nullable: true),
                    expected_purchases_90d = table.Column<double>(type: "double precision", nullable: true),
                    expected_purchases_12m = table.Column<double>(type: "double precision", nullable: true),
                    expected_average_spend = table.Column<double>(type: "double precision", nullable: true),
                    lifetime_value_12m = table.Column<double>(type: "double precision", nullable: true),
                    growth_potential = table.Column<double>(type: "double precision", nullable: true),
                    warning = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_scores", x => x.customer_id);
                    table.ForeignKey(
                        name: "FK_customer_scores_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "customer_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_customer_scores_tier_stage",
                table: "customer_scores",
                columns: new[] { "tier", "stage" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customer_scores");
        }
    }
}
