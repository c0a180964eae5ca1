// The Dataset node: where samples (x) and labels (y) enter the graph.
import { DATASETS, DATASET_IDS } from '../datasets.ts';
import { GraphIssue, type LabelInfo, type NodeSpec } from './spec.ts';

export const Dataset: NodeSpec = {
  kind: 'Dataset',
  category: 'Data',
  title: 'Dataset',
  description: 'Feeds batches of samples (x) and their labels (y) into the network. Connect x to the first layer and y to the loss target.',
  formula: 'x: N×(sample shape), normalised as (x − mean) / std (token datasets: int64 indices, as they are);  y: N class indices (or N×C one-hot, N×k regression targets, or N×S label sequences: class + 1, padded with 0)',
  torchClass: '',
  namePrefix: 'data',
  inputs: [],
  outputs: [
    { name: 'x', kind: 'tensor', help: 'A batch of samples, batch first (N×C×H×W for images).' },
    { name: 'y', kind: 'labels', help: 'The labels of the batch; connect to a loss target.' },
  ],
  params: [
    { name: 'dataset', type: 'enum', default: 'mnist', options: DATASET_IDS, help: 'Which data to train on.' },
    { name: 'label_format', type: 'enum', default: 'index', options: ['index', 'one_hot'], help: 'Class indices (for CrossEntropy/NLL) or one-hot float vectors.' },
    { name: 'samples', type: 'int', default: 400, min: 4, max: 1_000_000, help: 'How many samples to generate.', visibleWhen: { param: 'dataset', oneOf: ['xor', 'spirals', 'moons', 'circles', 'blobs', 'sine', 'tokens', 'digit_strings'] } },
    { name: 'noise', type: 'float', default: 0.1, min: 0, max: 10, help: 'Standard deviation of the noise added to each point.', visibleWhen: { param: 'dataset', oneOf: ['xor', 'spirals', 'moons', 'circles', 'blobs', 'sine'] } },
    { name: 'classes', type: 'int', default: 3, min: 2, max: 100, help: 'Number of classes (spiral arms / blobs / topics).', visibleWhen: { param: 'dataset', oneOf: ['spirals', 'blobs', 'tokens'] } },
    { name: 'seq_len', type: 'int', default: 12, min: 1, max: 4096, help: 'Tokens per sequence.', visibleWhen: { param: 'dataset', oneOf: ['tokens'] } },
    { name: 'vocab', type: 'int', default: 50, min: 2, max: 1_000_000, help: 'Number of different tokens (the vocabulary); an Embedding needs this many rows.', visibleWhen: { param: 'dataset', oneOf: ['tokens'] } },
    { name: 'path', type: 'string', default: '', help: 'File or folder to import, relative to the graph file.', visibleWhen: { param: 'dataset', oneOf: ['csv', 'image_folder'] } },
    { name: 'label_column', type: 'string', default: 'label', help: 'Name of the CSV column holding the label.', visibleWhen: { param: 'dataset', oneOf: ['csv'] } },
    { name: 'num_features', type: 'int', default: 4, min: 1, max: 100_000, help: 'Number of numeric feature columns in the CSV.', visibleWhen: { param: 'dataset', oneOf: ['csv'] } },
    { name: 'num_classes', type: 'int', default: 2, min: 0, max: 10_000, help: 'Number of classes (0 = regression on a numeric label).', visibleWhen: { param: 'dataset', oneOf: ['csv', 'image_folder'] } },
    { name: 'channels', type: 'enum', default: '1', options: ['1', '3'], help: 'Grayscale (1) or colour (3) images.', visibleWhen: { param: 'dataset', oneOf: ['image_folder'] } },
    { name: 'height', type: 'int', default: 32, min: 1, max: 1024, help: 'Images are resized to this height.', visibleWhen: { param: 'dataset', oneOf: ['image_folder'] } },
    { name: 'width', type: 'int', default: 32, min: 1, max: 1024, help: 'Images are resized to this width.', visibleWhen: { param: 'dataset', oneOf: ['image_folder'] } },
  ],
  infer(ctx) {
    const info = DATASETS[String(ctx.params.dataset)];
    if (!info) {
      throw new GraphIssue('unknown_dataset', `${ctx.label} names dataset ${JSON.stringify(ctx.params.dataset)}, which does not exist.`,
        { param: 'dataset', fix: `Choose one of: ${DATASET_IDS.join(', ')}.` });
    }
    if ((info.id === 'csv' || info.id === 'image_folder') && !ctx.params.path) {
      throw new GraphIssue('missing_dataset', `${ctx.label} imports a ${info.id === 'csv' ? 'CSV file' : 'folder of images'} but no path is set.`,
        { param: 'path', fix: 'Set path to the file or folder to import.' });
    }
    const numClasses = info.numClasses(ctx.params);
    const sample = info.sampleShape(ctx.params);
    const format: LabelInfo['format'] = info.sequence ? 'sequence' : numClasses === 0 ? 'regression' : (ctx.params.label_format === 'one_hot' ? 'one_hot' : 'index');
    if (info.sequence && ctx.params.label_format === 'one_hot') {
      throw new GraphIssue('invalid_param', `${ctx.label}: ${info.id} labels are digit sequences (each digit stored +1, padded with 0), so they cannot be one-hot.`,
        { param: 'label_format', fix: "Set label_format to 'index'." });
    }
    if (numClasses === 0 && ctx.params.label_format === 'one_hot') {
      throw new GraphIssue('invalid_param', `${ctx.label} is a regression dataset (numeric labels), so labels cannot be one-hot.`,
        { param: 'label_format', fix: "Set label_format to 'index'." });
    }
    const yShape = format === 'sequence' ? [-1, info.sequence!.maxLength(ctx.params)] : format === 'index' ? [-1] : format === 'one_hot' ? [-1, numClasses] : [-1, 1];
    const samples = Number(ctx.params.samples);
    const cap = info.id === 'digit_strings' ? 200_000 : info.id === 'tokens' ? Math.floor(50_000_000 / Math.max(1, Number(ctx.params.seq_len))) : Infinity;
    if (samples > cap) {
      throw new GraphIssue('invalid_param', `${ctx.label}: ${info.id} makes at most ${cap.toLocaleString('en-US')} samples${info.id === 'tokens' ? ` of ${ctx.params.seq_len} tokens (50 million tokens in all)` : ''}, but samples is ${samples.toLocaleString('en-US')}.`,
        { param: 'samples', fix: `Set samples to at most ${cap}.` });
    }
    if (info.indexBound && numClasses > info.indexBound(ctx.params)) {
      throw new GraphIssue('invalid_param', `${ctx.label}: ${numClasses} classes need at least ${numClasses} different tokens, but vocab is ${info.indexBound(ctx.params)}.`,
        { param: 'vocab', fix: `Set vocab to at least ${numClasses}, or lower classes.` });
    }
    const x = info.indexBound ? { shape: [-1, ...sample], dtype: 'int64' as const, indexBound: info.indexBound(ctx.params) } : { shape: [-1, ...sample] };
    return {
      outputs: {
        x,
        y: { shape: yShape, labels: { format, numClasses } },
      },
    };
  },
};
