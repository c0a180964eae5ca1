/**
 * generate_pytorch(graph): one self-contained Python file with the model class (constructible with no arguments,
 * state_dict keys equal to ours), the loss, the optimizer and scheduler with the same hyperparameters, and a short
 * training loop with the same normalisation under `if __name__ == "__main__":`, so the file can also be imported.
 */
import type { GraphDocument, ParamValue } from './types.ts';
import type { CtorCall, ScheduleCall } from './catalogue/spec.ts';
import { getSpec } from './catalogue/index.ts';
import { pyValue, sameValue } from './catalogue/util.ts';
import { validate } from './validate.ts';
import { buildPlan, type Plan } from './plan.ts';
import { pythonLoadData } from './codegen-data.ts';
import { ACCURACY_PY, CTC_GREEDY_PY, lossArgsPy, toTargetPy } from './codegen-loss.ts';

/** `Conv2d(1, 6, kernel_size=5)` (without the `nn.` prefix). */
export function pythonCall(c: CtorCall, leading: string[] = []): string {
  const parts = [...leading];
  for (const a of c.args) {
    if (a.kw && a.default !== undefined && sameValue(a.value, a.default)) continue;
    const v = a.py ?? pyValue(a.value, a.float);
    parts.push(a.kw || a.pyKw ? `${a.name}=${v}` : v);
  }
  return `${c.cls}(${parts.join(', ')})`;
}

const HELPERS: Record<string, string> = {
  Reshape: `class Reshape(nn.Module):
    """Reshapes each sample: x.reshape(N, *shape)."""

    def __init__(self, shape):
        super().__init__()
        self.shape = tuple(shape)

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)`,
  Permute: `class Permute(nn.Module):
    """Reorders all dimensions, the batch included: x.permute(*dims)."""

    def __init__(self, dims):
        super().__init__()
        self.dims = tuple(dims)

    def forward(self, x):
        return x.permute(*self.dims)`,
};

function className(name: string): string {
  const words = name.split('_').filter(Boolean);
  const s = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(s) ? s : `Block${s}`;
}

interface Emitter {
  classes: string[];
  /** Class names already used (Net, helpers, other blocks), so two blocks never share one. */
  taken: Set<string>;
  helpers: Set<string>;
  usesOrderedDict: boolean;
}

function moduleExpr(step: Plan['steps'][number], em: Emitter): string {
  const u = step.unit;
  if (u.type === 'block') {
    let name = className(u.name);
    for (let i = 2; em.taken.has(name); i++) name = `${className(u.name)}${i}`;
    em.taken.add(name);
    return `${emitClass(u.plan, name, em)}()`;
  }
  const call = u.spec.module!(u.params);
  if (call.custom) {
    em.helpers.add(call.cls);
    return pythonCall(call);
  }
  return `nn.${pythonCall(call)}`;
}

/** Emits the class for a plan (nested blocks first) and returns its name. */
function emitClass(plan: Plan, name: string, em: Emitter): string {
  const lines: string[] = [];
  if (plan.sequential) {
    em.usesOrderedDict = true;
    const entries = plan.steps.map((s) => `            ("${s.unit.name}", ${moduleExpr(s, em)}),`);
    lines.push(`class ${name}(nn.Sequential):`, '    def __init__(self):', '        super().__init__(OrderedDict([', ...entries, '        ]))');
  } else {
    const init: string[] = [];
    const fwd: string[] = [];
    for (const s of plan.steps) {
      const u = s.unit;
      // `pool1, pool1_indices = self.pool1(x)` when the module returns a tuple.
      const lhs = s.outputs.join(', ');
      if (u.type === 'node' && u.spec.functional) {
        fwd.push(`        ${lhs} = ${u.spec.functional.python(s.inputs, u.params)}`);
      } else {
        init.push(`        self.${u.name} = ${moduleExpr(s, em)}`);
        fwd.push(`        ${lhs} = self.${u.name}(${s.inputs.join(', ')})`);
      }
    }
    lines.push(`class ${name}(nn.Module):`, '    def __init__(self):', '        super().__init__()', ...init, '',
      '    def forward(self, x):', ...fwd, `        return ${plan.outputs.join(', ')}`);
  }
  em.classes.push(lines.join('\n'));
  return name;
}

const STDLIB = new Set(['collections', 'csv', 'math']);

/** Import lines as PEP 8 groups them: the standard library, then torch; `import x` before `from x import y` in each. */
function pythonImports(lines: string[]): string {
  const mod = (l: string) => l.split(' ')[1].split('.')[0];
  const key = (l: string) => `${l.startsWith('from ') ? 1 : 0} ${l}`;
  const group = (std: boolean) => [...new Set(lines)].filter((l) => STDLIB.has(mod(l)) === std).sort((a, b) => key(a).localeCompare(key(b)));
  return [group(true).join('\n'), group(false).join('\n')].filter(Boolean).join('\n\n');
}

/** `make_optimizer(model, steps_per_epoch)`: the optimizer and its scheduler with the node's hyperparameters. */
function makeOptimizerPy(optCall: CtorCall, sched: ScheduleCall | null): string {
  const lines = ['def make_optimizer(model, steps_per_epoch=None):',
    `    optimizer = optim.${pythonCall(optCall, ['model.parameters()'])}`];
  if (sched?.interval === 'batch') {
    lines.push('    if steps_per_epoch is None:',
      `        raise ValueError("${sched.cls} steps after every batch: pass steps_per_epoch=math.ceil(len(x_train) / BATCH_SIZE)")`);
  }
  lines.push(`    scheduler = ${sched ? `optim.lr_scheduler.${pythonCall(sched, ['optimizer'])}` : 'None'}`, '    return optimizer, scheduler');
  return lines.join('\n');
}

/** The end-of-epoch scheduler step (none for OneCycleLR, which steps per batch; a metric for ReduceLROnPlateau). */
function schedStepPy(sched: ScheduleCall | null): string {
  if (!sched || sched.interval !== 'epoch') return '';
  if (!sched.monitor) return '\n        scheduler.step()';
  if (sched.monitor === 'accuracy') return '\n        scheduler.step(val_acc)  # ReduceLROnPlateau watches the validation accuracy';
  return '\n        # ReduceLROnPlateau watches the validation loss (the training loss averaged over the epoch without a validation split).\n' +
    '        scheduler.step(val_loss if n_val > 0 else running_loss / len(x_train))';
}

/** The Python source for the graph. Throws CompileError when the graph has errors. */
export function generate_pytorch(doc: GraphDocument): string {
  const analysis = validate(doc);
  const plan = buildPlan(doc, analysis);
  const em: Emitter = { classes: [], helpers: new Set(), usesOrderedDict: false, taken: new Set(['Net', 'OrderedDict', ...Object.keys(HELPERS)]) };
  emitClass(plan, 'Net', em);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const lossNode = byId.get(analysis.roles.loss!)!;
  const optNode = byId.get(analysis.roles.optimizer!)!;
  const dataNode = byId.get(analysis.roles.data!)!;
  const lossCall = getSpec(lossNode.kind)!.module!(analysis.nodes[lossNode.id].params);
  const optSpec = getSpec(optNode.kind)!.optimizer!;
  const optParams = analysis.nodes[optNode.id].params;
  const optCall = optSpec.ctor(optParams, doc.training.lr);
  const sched = optSpec.scheduler(optParams);
  const dataParams = analysis.nodes[dataNode.id].params as Record<string, ParamValue>;
  const data = pythonLoadData(dataParams);
  const labels = analysis.nodes[dataNode.id].outputs.y?.labels;
  const plan2 = analysis.target!;
  const t = doc.training;
  const oneHotLabels = labels?.format === 'one_hot';

  const out: string[] = [];
  out.push([`"""${(doc.name || 'Network').replace(/"""/g, "'''").replace(/\\/g, '/')}: generated by Netsketch.`, '',
    'Import it to get the model (`from this_file import Net`), or run it to train with the same settings:',
    '    python this_file.py', '"""'].join('\n'));
  out.push(pythonImports(['import math', 'import torch', 'import torch.nn.functional as F', 'from torch import nn, optim',
    ...(em.usesOrderedDict ? ['from collections import OrderedDict'] : []), ...data.imports]));
  out.push([
    `EPOCHS = ${t.epochs}`, `BATCH_SIZE = ${t.batch_size}`, `VALIDATION_SPLIT = ${t.validation_split}`, `SEED = ${t.seed}`,
    `NUM_CLASSES = ${labels?.numClasses ?? 0}`,
  ].join('\n'));
  for (const h of [...em.helpers].sort()) out.push(HELPERS[h]);
  out.push(...em.classes);
  out.push(`def make_loss():\n    return nn.${pythonCall(lossCall)}`);
  out.push(makeOptimizerPy(optCall, sched));
  out.push(toTargetPy(lossNode.kind, plan2.transform, labels));
  out.push(lossArgsPy(getSpec(lossNode.kind)!, analysis.nodes[lossNode.id].params, plan2.transform));
  if (plan2.accuracy === 'ctc_greedy') out.push(CTC_GREEDY_PY);
  out.push(data.code + (oneHotLabels ? '\n\n\ndef _one_hot(data):\n    x_train, y_train, x_test, y_test = data\n    return x_train, F.one_hot(y_train, NUM_CLASSES).float(), x_test, F.one_hot(y_test, NUM_CLASSES).float()' : ''));
  out.push(`def evaluate(model, loss_fn, x, y):
    model.eval()
    total, correct = 0.0, 0.0
    with torch.no_grad():
        for i in range(0, len(x), 1000):
            yb = y[i:i + 1000]
            out = model(x[i:i + 1000])
            total += loss_fn(*loss_args(out, yb)).item() * (1 if getattr(loss_fn, "reduction", "mean") == "sum" else len(yb))${plan2.accuracy === 'none' ? '' : `
            pred, target = ${plan.outputs.length > 1 ? 'out[0]' : 'out'}, to_target(yb)`}
            right = ${ACCURACY_PY[plan2.accuracy]}
            correct = None if right is None else correct + right
    return total / len(x), (None if correct is None else correct / len(x))`);
  out.push(`def train():
    torch.manual_seed(SEED)
    x_train, y_train, x_test, y_test = ${oneHotLabels ? '_one_hot(load_data())' : 'load_data()'}
    n_val = int(len(x_train) * VALIDATION_SPLIT)
    if n_val > 0:
        x_train, y_train, x_val, y_val = x_train[:-n_val], y_train[:-n_val], x_train[-n_val:], y_train[-n_val:]
    model = Net()
    loss_fn = make_loss()
    optimizer, scheduler = make_optimizer(model, steps_per_epoch=math.ceil(len(x_train) / BATCH_SIZE))
    for epoch in range(EPOCHS):
        model.train()
        perm = torch.randperm(len(x_train))${sched?.monitor === 'loss' ? '\n        running_loss = 0.0' : ''}
        for i in range(0, len(x_train), BATCH_SIZE):
            idx = perm[i:i + BATCH_SIZE]
            optimizer.zero_grad()
            loss = loss_fn(*loss_args(model(x_train[idx]), y_train[idx]))
            loss.backward()
            optimizer.step()${sched?.interval === 'batch' ? '\n            scheduler.step()  # OneCycleLR: after every batch' : ''}${sched?.monitor === 'loss' ? `
            running_loss += loss.item() * (1 if getattr(loss_fn, "reduction", "mean") == "sum" else len(idx))` : ''}
        train_loss, train_acc = evaluate(model, loss_fn, x_train, y_train)
        line = f"epoch {epoch + 1}/{EPOCHS}: loss {train_loss:.4f}"
        if train_acc is not None:
            line += f", accuracy {train_acc:.2%}"
        if n_val > 0:
            val_loss, val_acc = evaluate(model, loss_fn, x_val, y_val)
            line += f", val loss {val_loss:.4f}" + (f", val accuracy {val_acc:.2%}" if val_acc is not None else "")
        print(line)${schedStepPy(sched)}
    test_loss, test_acc = evaluate(model, loss_fn, x_test, y_test)
    print(f"test loss {test_loss:.4f}" + (f", test accuracy {test_acc:.2%}" if test_acc is not None else ""))
    torch.save(model.state_dict(), "weights.pt")
    print("saved weights.pt")`);
  out.push('if __name__ == "__main__":\n    train()');
  return out.join('\n\n\n') + '\n';
}
