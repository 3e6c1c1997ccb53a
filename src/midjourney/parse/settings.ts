/** /settings panels and the short answers of /fast, /relax, /turbo and /prefer remix (DISCORD.md §4.13). */
import { ButtonStyle } from '../../discord/protocol/index.js';
import type { MessageIdentity, ParsedButton, PreferenceChangedEvent, SettingsResultEvent } from '../events.js';
import { identityOf, type MessageView } from './read.js';

const SETTINGS_PREFIX = 'MJ::Settings::';
export const VERSION_SELECTOR_ID = 'MJ::Settings::VersionSelector';
const REMIX = { id: /^MJ::Settings::RemixMode/, label: /^Remix mode$/i };
const HIGH_VARIABILITY = { id: /^MJ::Settings::HighVariabilityMode::1$/, label: /^High Variab(?:ility|ion) Mode$/i };
const MODE_BUTTONS: { mode: 'fast' | 'relax' | 'turbo'; id: RegExp; label: RegExp }[] = [
  { mode: 'fast', id: /^MJ::Settings::FastMode/, label: /^Fast mode$/i },
  { mode: 'relax', id: /^MJ::Settings::RelaxMode/, label: /^Relax mode$/i },
  { mode: 'turbo', id: /^MJ::Settings::TurboMode/, label: /^Turbo mode$/i },
];
const MODE_COMMANDS: ReadonlySet<string> = new Set(['fast', 'relax', 'turbo']);
const DONE = /^Done!/;
const REMIX_TOGGLED = /^Remix mode turned (?<state>on|off)!/i;
const VARIABILITY_TOGGLED = /^High variability mode turned (?<state>on|off)!/i;

/** A toggle is on when its button is green (style 3). */
const isOn = (buttons: readonly ParsedButton[], toggle: { id: RegExp; label: RegExp }): boolean =>
  buttons.some((b) => (toggle.id.test(b.customId) || toggle.label.test(b.label)) && b.style === ButtonStyle.Success);

export const isSettingsResult = (view: MessageView): boolean =>
  view.buttons.length > 0 &&
  (view.interactionName === 'settings' || view.buttons.some((b) => b.customId.startsWith(SETTINGS_PREFIX)));

export function parseSettings(view: MessageView, source: MessageIdentity['source']): SettingsResultEvent {
  const versions = view.selects.find((select) => select.customId === VERSION_SELECTOR_ID)?.options ?? [];
  return {
    ...identityOf(view, source),
    kind: 'settings-result',
    remix: isOn(view.buttons, REMIX),
    highVariability: isOn(view.buttons, HIGH_VARIABILITY),
    mode: MODE_BUTTONS.find((toggle) => isOn(view.buttons, toggle))?.mode ?? null,
    buttons: view.buttons,
    version: versions.find((option) => option.default)?.value ?? null,
    versions,
  };
}

/** Which mode a `Done!` answer confirms: the command's name, else the wording of the text. */
function modeOfDone(view: MessageView): PreferenceChangedEvent['mode'] {
  const name = view.interactionName;
  if (name !== undefined && MODE_COMMANDS.has(name)) return name as PreferenceChangedEvent['mode'];
  const text = view.content.toLowerCase();
  if (text.includes('turbo')) return 'turbo';
  // "/relax: Done! Your jobs now do not consume fast-hours …" names fast-hours too, so test it first.
  if (text.includes('not consume fast')) return 'relax';
  return text.includes('fast') ? 'fast' : undefined;
}

const toggledOn = (pattern: RegExp, content: string): boolean | undefined => {
  const state = pattern.exec(content)?.groups?.state;
  return state === undefined ? undefined : state.toLowerCase() === 'on';
};

export function parsePreference(view: MessageView, source: MessageIdentity['source']): PreferenceChangedEvent | null {
  const remix = toggledOn(REMIX_TOGGLED, view.content);
  if (remix !== undefined) return { ...identityOf(view, source), kind: 'preference-changed', remix };
  const highVariability = toggledOn(VARIABILITY_TOGGLED, view.content);
  if (highVariability !== undefined) return { ...identityOf(view, source), kind: 'preference-changed', highVariability };
  if (!DONE.test(view.content)) return null;
  const mode = modeOfDone(view);
  return mode ? { ...identityOf(view, source), kind: 'preference-changed', mode } : null;
}
