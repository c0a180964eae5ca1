/**
 * The loss side of the generated Python: `to_target(y)` (labels → what the loss expects), `loss_args(out, y)` (the
 * loss's arguments in its call order, built from the spec's port order, as core/graph/targets.ts does for the
 * engine) and the accuracy expression of `evaluate`.
 */
import { portVisible, type AccuracyRule, type LabelInfo, type NodeSpec, type TargetTransform } from './catalogue/spec.ts';
import type { ParamValue } from './types.ts';

/** `def to_target(y): …` for a transform and the dataset's label format. */
export function toTargetPy(kind: string, transform: TargetTransform, labels: LabelInfo | undefined): string {
  const body = ((): string[] => {
    switch (transform) {
      case 'float': return ['return y.float()'];
      case 'float_column': return ['return y.float().unsqueeze(1)'];
      case 'one_hot': return ['return F.one_hot(y, NUM_CLASSES).float()'];
      case 'sign': return ['return 2 * y.float() - 1  # class 1 → +1, class 0 → -1'];
      case 'sign_column': return ['return (2 * y.float() - 1).unsqueeze(1)  # class 1 → +1, class 0 → -1'];
      case 'margin_indices':
        if (labels?.format === 'one_hot') {
          return ['# The classes marked 1, in order, then -1 padding.',
            'order = (torch.arange(NUM_CLASSES) + NUM_CLASSES * (y <= 0).long()).sort(1).values',
            'return torch.where(order < NUM_CLASSES, order, torch.full_like(order, -1))'];
        }
        return ['# The true class, then -1 padding.',
          'return torch.cat([y.unsqueeze(1), torch.full((len(y), NUM_CLASSES - 1), -1, dtype=torch.long)], 1)'];
      case 'ctc': return ['return y, (y != 0).sum(1)  # targets (0 = padding), target_lengths'];
      default: return ['return y'];
    }
  })();
  return [`def to_target(y):`, `    """Labels → what ${kind} expects."""`, ...body.map((l) => `    ${l}`)].join('\n');
}

/** `def loss_args(out, y): …`: the model's output(s) and the target, in the loss's call order. */
export function lossArgsPy(spec: NodeSpec, params: Record<string, ParamValue>, transform: TargetTransform = 'none'): string {
  const ports = spec.inputs.filter((p) => portVisible(p, params));
  const tensors = ports.filter((p) => p.kind === 'tensor').map((p) => p.name);
  const ctc = transform === 'ctc';
  const labelArgs = ctc ? ['targets', 'input_lengths', 'target_lengths'] : ['to_target(y)'];
  const args = ports.flatMap((p) => (p.kind === 'tensor' ? [tensors.length === 1 ? 'out' : p.name] : labelArgs));
  const names = ports.flatMap((p) => (p.kind === 'tensor' || !ctc ? [p.name] : labelArgs));
  const lines = ['def loss_args(out, y):', `    """The arguments of ${spec.kind}, in its call order: (${names.join(', ')})."""`];
  if (tensors.length > 1) lines.push(`    ${tensors.join(', ')} = out`);
  if (ctc) {
    lines.push('    targets, target_lengths = to_target(y)',
      '    input_lengths = torch.full((out.shape[1],), out.shape[0], dtype=torch.long)  # every sample uses all T steps');
  }
  lines.push(`    return ${args.join(', ')}${args.length === 1 ? ',' : ''}`);
  return lines.join('\n');
}

/** Correct predictions of a batch, over `pred` (the first output), `target` (to_target(yb)) and `yb`. */
export const ACCURACY_PY: Record<AccuracyRule, string> = {
  argmax: '(pred.argmax(1) == (yb if yb.dim() == 1 else yb.argmax(1))).sum().item()',
  logit: '((pred > 0).float() == target).float().mean().item() * len(pred)',
  probability: '((pred > 0.5).float() == target).float().mean().item() * len(pred)',
  sign: '((pred > 0) == (target > 0)).float().mean().item() * len(pred)',
  rank: '(((out[0] - out[1]) > 0) == (target > 0)).float().mean().item() * len(pred)',
  ctc_greedy: 'ctc_greedy_correct(pred, yb)',
  none: 'None',
};

/** The Python helper behind ACCURACY_PY.ctc_greedy (emitted only when the loss is CTC). */
export const CTC_GREEDY_PY = `def ctc_greedy_correct(log_probs, y):
    """Greedy CTC decoding (best class per step, repeats merged, blanks 0 dropped); whole sequences must match."""
    right = 0
    for steps, label in zip(log_probs.argmax(2).t().tolist(), y.tolist()):
        decoded, prev = [], 0
        for k in steps:
            if k != prev and k != 0:
                decoded.append(k)
            prev = k
        right += decoded == [v for v in label if v != 0]
    return right`;
