export { decodeImageInput, type ImageLimits } from './decode.js';
export { ImageInputError, type ImageInputProblem } from './image-input-error.js';
export { sniffImageType, type ImageType } from './sniff.js';
export { splitGrid } from './split-grid.js';
export { DEFAULT_IMAGE_DIR, GRID_PARTS, GridImageStore, gridPartUrl } from './grid-image-store.js';
export { GridHosting } from './grid-hosting.js';
export { AddressRefusedError, fetchPolicy, isPublicAddress, type FetchPolicy } from './address-guard.js';
export { FETCH_DEADLINE_MS, PUBLIC_ONLY } from './fetch-image.js';
