// `npm run bench` runs every benchmark; `npm run bench -- NAME [NAME…]` runs some. Each prints a table
// and a ratio against a baseline measured in the same run; the end lists issue 6's targets as met or not
// (never asserted). Everything runs on this machine over loopback, in temp directories removed at the end.
import { exportBench } from "./export.ts";
import { closeTreeFixture } from "./fixtures.ts";
import { formpageBench } from "./formpage.ts";
import { type Bench, heading, machine, removeTempDirs, type Target, table } from "./lib.ts";
import { resultsBench } from "./results.ts";
import { submissionBench } from "./submission.ts";
import { validationBench } from "./validation.ts";

const BENCHES: Bench[] = [validationBench, submissionBench, resultsBench, exportBench, formpageBench];

const names = process.argv.slice(2).filter((a) => a !== "--");
const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark ${unknown.join(", ")}; choose from ${BENCHES.map((b) => b.name).join(", ")}`,
  );
  process.exit(2);
}
const chosen = names.length > 0 ? BENCHES.filter((b) => names.includes(b.name)) : BENCHES;

process.once("SIGINT", () => {
  removeTempDirs();
  process.exit(130);
});

console.log(`tieuchi benchmarks, ${new Date().toISOString()}`);
console.log(machine());
const started = performance.now();
const targets: { bench: string; target: Target }[] = [];
let failed = false;
for (const bench of chosen) {
  heading(bench.title);
  const t = performance.now();
  try {
    for (const target of await bench.run()) targets.push({ bench: bench.name, target });
  } catch (err) {
    failed = true;
    console.log(`${bench.name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    targets.push({
      bench: bench.name,
      target: { name: `${bench.name} benchmark`, met: false, detail: "failed" },
    });
  }
  console.log(`(${bench.name}: ${((performance.now() - t) / 1000).toFixed(0)} s)`);
}
await closeTreeFixture();
removeTempDirs();

heading("issue 6 targets (measured, not asserted)");
console.log(
  table(
    ["target", "status", "measured"],
    targets.map(({ target }) => [
      target.name,
      target.met === null ? "N/A" : target.met ? "met" : "not met",
      target.detail,
    ]),
  ),
);
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
