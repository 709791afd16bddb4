// A node --test reporter for `make test`: a dot per passing test and an X per failing one while the suite runs, then,
// for every failing test, its file, name and whole error, then everything the failing test files printed (stdout and
// stderr: the servers' output a test puts in its error or prints, leak reports), then one line of totals. Passing
// files' output is not shown; `make test` also writes the full TAP stream to target/ (see the Makefile).
//
//   node --test --test-reporter=./src/test/compact-reporter.mjs --test-reporter-destination=stdout src/test/node/
import { inspect } from 'node:util';

const WIDTH = 80;

export default async function* compact(source) {
  const failures = [];
  const output = new Map(); // file -> the lines it printed, in order
  const totals = {};
  let column = 0;
  const mark = (c) => {
    column = (column + 1) % WIDTH;
    return column === 0 ? `${c}\n` : c;
  };
  for await (const { type, data } of source) {
    switch (type) {
      case 'test:pass':
        if (data.details?.type !== 'suite' && !data.skip && !data.todo) yield mark('.');
        break;
      case 'test:fail':
        // A suite that failed only because a test in it did adds nothing to that test's report.
        if (data.details?.error?.failureType === 'subtestsFailed') break;
        failures.push(data);
        yield mark('X');
        break;
      case 'test:stdout':
      case 'test:stderr':
        if (data.file !== undefined) {
          if (!output.has(data.file)) output.set(data.file, []);
          output.get(data.file).push(data.message);
        }
        break;
      case 'test:diagnostic':
        // The run's totals ("tests 12", "pass 11", …) are diagnostics at the top level.
        if (data.nesting === 0) {
          const m = /^(\w+) ([\d.]+)$/.exec(data.message);
          if (m) totals[m[1]] = Number(m[2]);
        }
        break;
      default:
        break;
    }
  }
  if (column !== 0) yield '\n';
  for (const f of failures) {
    const where = f.file === undefined ? '' : `${f.file}${f.line === undefined ? '' : `:${f.line}`}`;
    // A test its suite's failure cancelled says so in a line: the suite's own report has the error.
    if (f.details?.error?.failureType === 'cancelledByParent') {
      yield `✖ ${f.name}${where === '' ? '' : `  (${where})`}: cancelled, its suite failed\n`;
      continue;
    }
    yield `\n✖ ${f.name}${where === '' ? '' : `  (${where})`}\n`;
    yield `${indent(describe(f.details?.error))}\n`;
  }
  const failedFiles = new Set(failures.map((f) => f.file).filter((file) => output.has(file)));
  for (const file of failedFiles) {
    yield `\n--- what ${file} printed ---\n${output.get(file).join('')}`;
    yield `--- end of ${file} ---\n`;
  }
  const count = (k) => totals[k] ?? 0;
  const seconds = ((totals.duration_ms ?? 0) / 1000).toFixed(0);
  yield `\n${failures.length === 0 ? '✔' : '✖'} node --test: ${count('tests')} tests, ${count('pass')} passed, `
    + `${count('fail')} failed, ${count('cancelled')} cancelled, ${count('skipped')} skipped, ${count('todo')} todo `
    + `(${seconds} s)\n`;
}

/** The error as node's own reporters show it: the test code's error (the runner wraps it), with its stack and fields. */
function describe(error) {
  if (error === undefined) return 'failed (no error reported)';
  const cause = error.failureType === 'testCodeFailure' || error.failureType === 'hookFailed' ? error.cause ?? error : error;
  const head = error.failureType !== undefined && error.failureType !== 'testCodeFailure' ? `[${error.failureType}] ` : '';
  return head + inspect(cause, { depth: 6, colors: false });
}

function indent(text) {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}
