/**
 * Settings through the runtime configuration API: translation, banned words, notify hook, the
 * account selection rule, timeouts and images. Applied by the server without a restart.
 */
import { useEffect, useState } from 'react';
import { runtimeConfig } from '../api/admin';
import type { RuntimeConfig } from '../api/types';
import { ErrorNotice, InfoNotice } from '../components/notice';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { useSession } from '../lib/session';
import { ConfigField, leavesOf, partialTree, type Draft, type Leaf } from './config-fields';
import { ReadOnlyNotice } from './read-only';

/** Edited on its own (BannedWords below), one word per line. */
const BANNED_WORDS_KEY = 'bannedWords.words';

const SECTIONS: [string, MessageKey][] = [
  ['translate', 'sectionTranslate'], ['bannedWords', 'sectionBannedWords'], ['notify', 'sectionNotify'],
  ['accountSelection', 'sectionSelection'], ['timeouts', 'sectionTimeouts'], ['images', 'sectionImages'],
];

function BannedWords({ disabled }: { disabled: boolean }) {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const [text, setText] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  // Read again once signed in: a server with an admin secret answers nobody else.
  useEffect(() => {
    setError(undefined);
    void runtimeConfig.bannedWords().then((words) => setText(words.join('\n')), setError);
  }, [signedIn]);
  const save = async () => {
    setSaved(false);
    setError(undefined);
    try {
      const words = await runtimeConfig.saveBannedWords((text ?? '').split('\n').map((word) => word.trim()).filter(Boolean));
      setText(words.join('\n'));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    }
  };
  if (text === undefined) return <ErrorNotice error={error} />;
  return (
    <div className="stack">
      <label>{t('bannedWordsList')}<textarea rows={6} value={text} disabled={disabled} onChange={(event) => setText(event.target.value)} /></label>
      <div className="actions"><button type="button" disabled={disabled} onClick={() => void save()}>{t('saveBannedWords')}</button></div>
      {saved && <InfoNotice>{t('saved')}</InfoNotice>}
      <ErrorNotice error={error} />
    </div>
  );
}

export function SettingsPage() {
  const { t } = useI18n();
  const { canChange, signedIn } = useSession();
  const [loaded, setLoaded] = useState<RuntimeConfig>();
  const [loadError, setLoadError] = useState<unknown>();
  const [draft, setDraft] = useState<Draft>({});
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setLoadError(undefined);
    void runtimeConfig.get().then(setLoaded, setLoadError);
  }, [signedIn]);

  const save = async () => {
    setError(undefined);
    setSaved(false);
    try {
      setLoaded(await runtimeConfig.save(partialTree(draft)));
      setDraft({});
      setSaved(true);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('navSettings')}</h1>
      {!canChange && <ReadOnlyNotice />}
      <ErrorNotice error={loadError} />
      {loaded && (
        <form className="stack" onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}>
          {SECTIONS.map(([key, title]) => (
            <fieldset key={key} className="card">
              <legend>{t(title)}</legend>
              {leavesOf(loaded.config[key], key).filter(([path]) => path !== BANNED_WORDS_KEY).map(([path, value]) => (
                <ConfigField key={path} path={path} value={path in draft ? (draft[path] as Leaf) : value} source={loaded.sources[path]}
                  afterRestart={loaded.afterRestart.includes(path)} disabled={!canChange} onChange={(next) => setDraft({ ...draft, [path]: next })} />
              ))}
              {key === 'bannedWords' && <BannedWords disabled={!canChange} />}
            </fieldset>
          ))}
          <ErrorNotice error={error} />
          {saved && <InfoNotice>{t('saved')}</InfoNotice>}
          <div className="actions sticky">
            <button type="submit" className="primary" disabled={!canChange || Object.keys(draft).length === 0}>{t('saveSettings')}</button>
            <button type="button" disabled={Object.keys(draft).length === 0} onClick={() => setDraft({})}>{t('discardChanges')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
