/** torchvision.transforms for Netsketch: transforms classes, `functional`, and the 8-bit image helpers. */
import * as functional from './functional.ts';

export * from './transforms.ts';
export { functional };
export { type RawImage, isRawImage, imageFromRGBA, imageToTensor, tensorToImage } from './image.ts';
