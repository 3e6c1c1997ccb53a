/**
 * The drawing console: submit a job, then watch it (progress, preview, result) and go on from its
 * buttons. The tasks followed here are kept for this browser tab.
 */
import { useCallback, useState, type JSX } from 'react';
import { accepted, refusalText, startedIds } from '../api/answers';
import { tasksByIds, type SubmitCommon } from '../api/tasks';
import { MODES, type SubmitAnswer, type Task } from '../api/types';
import { ErrorNotice, InfoNotice } from '../components/notice';
import { TaskView } from '../components/task-view';
import { useI18n } from '../i18n';
import { usePolling } from '../lib/use-polling';
import { useSession } from '../lib/session';
import { BlendForm, CONSOLE_KINDS, DescribeForm, ImagineForm, ShortenForm, SwapForm, VideoForm, type ConsoleKind, type FormProps } from './console-forms';
import { ReadOnlyNotice } from './read-only';

const POLL_MS = 1000;
const MAX_FOLLOWED = 20;
const STORAGE_KEY = 'mj-proxy.console.tasks';

const FORMS: Record<ConsoleKind, (props: FormProps) => JSX.Element> = {
  imagine: ImagineForm, blend: BlendForm, describe: DescribeForm, shorten: ShortenForm, swap: SwapForm, video: VideoForm,
};

function storedIds(): string[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

export function ConsolePage() {
  const { t } = useI18n();
  const { canChange } = useSession();
  const [kind, setKind] = useState<ConsoleKind>('imagine');
  const [botType, setBotType] = useState<SubmitCommon['botType']>('MID_JOURNEY');
  const [mode, setMode] = useState('');
  const [ids, setIds] = useState(storedIds);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [info, setInfo] = useState<string>();

  const follow = useCallback((newIds: string[]) => {
    setIds((old) => {
      const next = [...newIds, ...old.filter((id) => !newIds.includes(id))].slice(0, MAX_FOLLOWED);
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
  }, []);

  const polled = usePolling(() => (ids.length ? tasksByIds(ids) : Promise.resolve([])), POLL_MS, ids.join());
  const byId = new Map((polled.data ?? []).map((task): [string, Task] => [task.id, task]));

  const onSubmit = (send: () => Promise<SubmitAnswer>) => {
    setBusy(true);
    setError(undefined);
    setInfo(undefined);
    void send().then((answer) => {
      if (!accepted(answer)) setError(refusalText(answer));
      else {
        setInfo(answer.description);
        follow(startedIds(answer));
      }
    }, setError).finally(() => setBusy(false));
  };

  if (!canChange) return <section aria-labelledby="console-title"><h1 id="console-title">{t('navConsole')}</h1><ReadOnlyNotice /></section>;

  const Form = FORMS[kind];
  const common: SubmitCommon = { botType, ...(mode ? { mode } : {}) };
  return (
    <section aria-labelledby="console-title">
      <h1 id="console-title">{t('navConsole')}</h1>
      <div className="card">
        <div role="tablist" aria-label={t('consoleKinds')} className="tabs">
          {CONSOLE_KINDS.map((name) => (
            <button key={name} type="button" role="tab" aria-selected={kind === name} onClick={() => setKind(name)}>{t(`kind_${name}`)}</button>
          ))}
        </div>
        <div role="tabpanel" aria-label={t(`kind_${kind}`)}>
          <div className="row">
            <label>
              {t('bot')}
              <select value={botType} onChange={(event) => setBotType(event.target.value as SubmitCommon['botType'])}>
                <option value="MID_JOURNEY">Midjourney</option>
                <option value="NIJI_JOURNEY">niji・journey</option>
              </select>
            </label>
            <label>
              {t('mode')}
              <select value={mode} onChange={(event) => setMode(event.target.value)}>
                <option value="">{t('accountDefault')}</option>
                {MODES.map((value) => <option key={value} value={value}>{value}</option>)}
              </select>
            </label>
          </div>
          <Form key={kind} common={common} busy={busy} onSubmit={onSubmit} />
        </div>
        <ErrorNotice error={error} />
        {info && <InfoNotice>{info}</InfoNotice>}
      </div>
      <h2>{t('followedTasks')}</h2>
      <ErrorNotice error={polled.error} />
      {ids.length === 0 && <p className="muted">{t('noTasksYet')}</p>}
      <div className="task-list">
        {ids.map((id) => {
          const task = byId.get(id);
          return task ? <TaskView key={id} task={task} canChange={canChange} onStarted={follow} /> : <p key={id} className="muted">{t('loadingTask', { id })}</p>;
        })}
      </div>
    </section>
  );
}
