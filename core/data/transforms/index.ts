/** torchvision.transforms for Netsketch: transforms classes, `functional`, and the 8-bit image helpers. */
import * as geometry from './functional.ts';
import * as color from './color.ts';

export * from './transforms.ts';
export * from './augment.ts';
/** torchvision.transforms.functional: geometry (resize, crop, rotate, …) and colour / blur / erase / affine. */
export const functional = { ...geometry, ...color };
export { type RawImage, isRawImage, imageFromRGBA, imageToTensor, tensorToImage } from './image.ts';
