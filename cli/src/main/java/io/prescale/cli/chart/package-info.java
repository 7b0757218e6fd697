/**
 * Charts of load and capacity per layer, written as PNG, SVG or a self-contained HTML page.
 *
 * <p>{@link io.prescale.cli.chart.ChartDocument} and {@link io.prescale.cli.chart.LayerChart} are a data model that
 * does not care where its numbers come from: a forecast, a simulation or a backtest against an observed trace
 * each fill them in and hand them to {@link io.prescale.cli.chart.ChartWriter}, which draws them with XChart.
 * {@link io.prescale.cli.chart.ForecastCharts} builds a document from a planner result. See {@code docs/charts.md}.
 *
 * <p>May import the planner's records (only {@code ForecastCharts} does) and its number format
 * ({@code AxisLabels} writes its figures with {@code Quantities.human} and {@code trimmed}), XChart and the JDK's
 * AWT; never Picocli, providers or anything that talks to a cloud.
 */
package io.prescale.cli.chart;
