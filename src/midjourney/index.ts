/** The pure Midjourney layer: gateway dispatch → typed events, and the interaction payloads to send. */
export type * from './events.js';
export { parseDispatch, type ParseContext } from './parse/dispatch.js';
export { parseJobContent, JOB_CONTENT, type ParsedJobContent, type JobStage } from './parse/content-grammar.js';
export { hashFromButtons, hashFromFile, messageHash } from './parse/job-hash.js';
export { parseFastHoursLeft, parseInfoText } from './parse/info.js';
export { flattenButtons } from './parse/read.js';
export { numberedLines, splitNumbered } from './parse/numbered.js';
export {
  formatCustomId,
  parseCustomId,
  PICREAD_RETRY_CUSTOM_ID,
  SHOW_DETAILS_CUSTOM_ID,
  type AnimateMotion,
  type ButtonAction,
  type ButtonKind,
  type PanDirection,
} from './commands/custom-id.js';
export {
  buttonDescription,
  buttonIndex,
  modalFor,
  taskActionForButton,
  type ButtonTaskAction,
  type ModalOptions,
  type ModalRequirement,
} from './commands/button-rules.js';
export {
  buildBlend,
  buildButton,
  buildCommand,
  buildDescribe,
  buildImagine,
  buildModalSubmit,
  buildPreferRemix,
  buildSaveFace,
  buildSelect,
  buildShorten,
  buildShow,
  buildSimpleCommand,
  buildSwapFace,
  type BlendDimensions,
  type ButtonClick,
  type DescribeSource,
  type InteractionContext,
  type MenuPick,
  type ModalAnswer,
} from './commands/payloads.js';
export { VERSION_SELECTOR_ID } from './parse/settings.js';
