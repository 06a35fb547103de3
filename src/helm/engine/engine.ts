// Helm's rendering (pkg/engine): every template of the chart tree parsed into one set (deepest
// paths first, then reverse lexical order, so a parent's `define` beats a subchart's), each
// non-partial executed with its chart's scope (.Values scoped to the chart, .Chart, .Files,
// .Release, .Capabilities, .Subcharts, .Template), "<no value>" removed from the output.

import { RenderBudgetError, takeHangTrip, TemplateError, TemplateSet, withRenderBudget } from '../../template/index.js';
import type { SprigOptions } from '../../sprig/index.js';
import { frozenWriteCount } from '../../sprig/dicts.js';
import { ChartCheckError, ChartError } from '../../util/errors.js';
import { chartFullPath, chartName, isLibraryChart, type Chart } from '../chart/types.js';
import { fileText } from '../loader/load.js';
import { ERR_END, ERR_START, helmFuncs, lenientPasses } from './funcs.js';
import { helmProfile, type HelmBehaviours } from './defaults.js';
import { renderReusing, type Learned, type ReuseSession } from './template-reuse.js';
import { chartObject, Files, type Capabilities } from './objects.js';
import type { Values } from './render-types.js';
import { isGoMap } from '../values/yaml.js';
import { asHelmValues } from '../values/methods.js';

interface Renderable {
  text: string;
  scope: Values;
  basePath: string;
  /** Where this chart's .Values sits in the top chart's values (['sub'] for a subchart "sub"). */
  valuesPath: string[];
}

/** Provenance hook: a scalar a template read, with its path in the top chart's values. */
export type ValueReadHook = (template: string, valuesPath: readonly string[], value: unknown) => void;

const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

function collect(c: Chart, out: Map<string, Renderable>, parent: Values, valuesPath: string[]): Values {
  const subcharts: Values = {};
  const parentValues = parent.Values as Values;
  const own = c.parent === undefined ? parentValues : parentValues[chartName(c)];
  const scope: Values = {
    Chart: chartObject(c),
    Files: new Files(c.files),
    Release: parent.Release,
    Capabilities: parent.Capabilities,
    Values: asHelmValues(isGoMap(own) ? own : {}),
    Subcharts: subcharts,
  };
  for (const d of c.dependencies) subcharts[chartName(d)] = collect(d, out, scope, [...valuesPath, chartName(d)]);
  const prefix = chartFullPath(c);
  const library = isLibraryChart(c);
  for (const t of c.templates) {
    if (library && !baseName(t.name).startsWith('_')) continue;
    out.set(`${prefix}/${t.name}`, { text: fileText(t), scope, basePath: `${prefix}/templates`, valuesPath });
  }
  return scope;
}

const chartPaths = (c: Chart): string[] => [chartFullPath(c), ...c.dependencies.flatMap(chartPaths)];

/** Helm's sort.Reverse(byPathLen): more path segments first, then reverse lexical order. */
function templateOrder(names: string[]): string[] {
  // depths counted once, not in every comparison (a large chart tree sorts on every render)
  const depth = new Map(names.map((s) => [s, s.split('/').length]));
  return names.sort((a, b) => depth.get(b)! - depth.get(a)! || (a < b ? 1 : a > b ? -1 : 0));
}

function budgetError(e: RenderBudgetError, name: string): ChartError {
  return new ChartError(`${e.where ?? name}: ${e.message}`, { code: e.code, cause: e, hint: e.hint });
}

/**
 * The render budget's hang guard tripped since the last call: the error naming the template, for
 * a caller that tried renders and kept what rendered (a trip must end the chart, not shorten it).
 */
export function takeRenderHang(): ChartError | undefined {
  const e = takeHangTrip();
  return e ? budgetError(e, 'a render') : undefined;
}

/** Helm's cleanup of execution errors: required/fail messages become "execution error at (FILE:L:C): MSG". */
function cleanError(name: string, e: unknown): unknown {
  if (e instanceof RenderBudgetError) return budgetError(e, name);
  if (!(e instanceof TemplateError)) return e;
  const msg = e.message;
  const start = msg.indexOf(ERR_START);
  if (start >= 0) {
    const end = msg.lastIndexOf(ERR_END);
    const loc = /^template: ([^ ]+?): executing/.exec(msg)?.[1] ?? name;
    const says = msg.slice(start + ERR_START.length, end < 0 ? undefined : end);
    const at = /^(.+):(\d+):\d+$/.exec(loc);
    return new ChartCheckError(
      `execution error at (${loc}): ${says}`,
      says,
      {
        code: 'ERR_TEMPLATE',
        cause: e,
        hint: 'set what the chart asks for: a value (-f/--set) or the release namespace (-n/--namespace)',
      },
      at ? { template: at[1]!, line: Number(at[2]) } : undefined,
    );
  }
  return e;
}

function cleanParseError(name: string, e: unknown): unknown {
  if (!(e instanceof TemplateError)) return e;
  const tok = e.message.split(': ');
  const text = tok.length === 1 ? `parse error in (${name}): ${e.message}` : `parse error at (${tok[1]}): ${tok[tok.length - 1]}`;
  return new ChartError(text, { code: 'ERR_TEMPLATE', cause: e, hint: 'fix the template syntax at the position shown' });
}

export interface EngineInput {
  chart: Chart;
  values: Values;
  release: Values;
  capabilities: Capabilities;
  sprig?: SprigOptions;
  /** Called for every scalar a template reads from .Values (off = no cost). */
  onValueRead?: ValueReadHook;
  /** required and fail pass (RenderOptions.lenientChecks). */
  lenientChecks?: boolean;
  /** The template functions of the Helm followed (mustToToml from 4.2); default the newest. */
  helm?: Pick<HelmBehaviours, 'mustToToml' | 'semver'>;
  /** A disposable render: texts of templates the changed values cannot reach come from an earlier render. */
  reuse?: { session: ReuseSession; bases?: number };
}

/** Renders every template of a prepared chart tree: template name -> output text. */
export function renderTemplates(input: EngineInput): Map<string, string> {
  return withRenderBudget(() => renderUnderBudget(input));
}

function renderUnderBudget(input: EngineInput): Map<string, string> {
  const top: Values = { Values: input.values, Release: input.release, Capabilities: input.capabilities };
  const tpls = new Map<string, Renderable>();
  collect(input.chart, tpls, top, []);
  const { funcs, contextFuncs } = helmFuncs(input.sprig, input.lenientChecks, input.helm ?? helmProfile(undefined));
  const set = new TemplateSet({ funcs, contextFuncs, missingKey: 'zero', name: 'gotpl' });
  const order = templateOrder([...tpls.keys()]);
  for (const name of order) {
    try {
      set.parse(name, tpls.get(name)!.text);
    } catch (e) {
      throw cleanParseError(name, e);
    }
  }
  const run = (name: string, observe?: Learned): string => {
    const r = tpls.get(name)!;
    r.scope.Template = { Name: name, BasePath: r.basePath };
    const frozen = frozenWriteCount();
    const passes = lenientPasses();
    let text: string;
    try {
      text = set.execute(name, r.scope, { ...executeOptions(input.onValueRead, name, r.valuesPath), observe, follow: FOLLOWED });
    } catch (e) {
      // a check let through guarded what follows it (`if not $secret` fail, then `index
      // $secret.data`): real Helm stops at the check, so the error past it is none a user meets;
      // the template is dropped, not the whole render (its other templates may hold the images)
      if (input.lenientChecks && lenientPasses() > passes && frozenWriteCount() === frozen && !(e instanceof RenderBudgetError)) return '';
      throw cleanError(name, e);
    }
    // a write into shared values stops the render even where a function swallowed its error:
    // its text must not be kept (template reuse) nor given (renderChart renders again on copies)
    if (frozenWriteCount() !== frozen) throw new Error(`${name}: a template wrote into values shared between renders`);
    return text.replaceAll('<no value>', '');
  };
  const rendered = order.filter((name) => !baseName(name).startsWith('_'));
  if (input.reuse && !input.onValueRead) {
    const rerender = (values: Values) => renderUnderBudget({ ...input, values, reuse: undefined });
    // the chart tree as rendered (dependencies a condition turns off are gone) and every template, partials too
    const tree = `${chartPaths(input.chart).join('\n')}\n\n${order.join('\n')}`;
    const { session, bases } = input.reuse;
    return renderReusing(session, input.values, tree, rendered, (name) => tpls.get(name)!.valuesPath, run, rerender, bases);
  }
  const out = new Map<string, string>();
  for (const name of rendered) out.set(name, run(name));
  return out;
}

/** What the provenance hook and template reuse's observer ask about: .Values, and whether .Subcharts is read. */
const FOLLOWED = ['Values', 'Subcharts'];

function executeOptions(hook: ValueReadHook | undefined, template: string, valuesPath: string[]) {
  if (!hook) return {};
  return {
    onValueRead: (path: readonly string[], value: unknown) => {
      if (path[0] === 'Values') hook(template, [...valuesPath, ...path.slice(1)], value);
    },
  };
}
