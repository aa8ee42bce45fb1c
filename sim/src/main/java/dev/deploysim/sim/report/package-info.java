/**
 * What deploysim writes about its runs: the fixed-field JSON of a run ({@link
 * dev.deploysim.sim.report.RunReport}) and of a comparison ({@link
 * dev.deploysim.sim.report.CompareReport}, rows aggregated by {@link
 * dev.deploysim.sim.report.CompareRow}), the same rows as CSV and as a text table, the observation
 * log as JSON lines ({@link dev.deploysim.sim.report.TraceJsonl}), and a self-contained HTML page
 * ({@link dev.deploysim.sim.report.HtmlReport}) rendered in the browser from that same JSON plus
 * the machine timeline derived from the log ({@link dev.deploysim.sim.report.RunTimeline}). A
 * sharded comparison writes one {@link dev.deploysim.sim.report.CompareSlice} per
 * {@link dev.deploysim.sim.report.Shard}: its runs at full precision, so that merged slices give
 * the same rows as the unsharded sweep.
 * Everything here is a pure function of finished runs: equal runs give byte-identical reports;
 * writing files is the CLI's job.
 */
package dev.deploysim.sim.report;
