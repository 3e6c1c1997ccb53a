/**
 * Answers in the page the modal a button opened (task in status MODAL): the remix prompt, a
 * Custom Zoom prompt with --zoom, a prompt pick, or Vary (Region) with a hand-painted mask.
 * Closing it cancels the waiting task, so no MODAL task is left behind.
 */
import { useRef, useState, type FormEvent } from 'react';
import { accepted, startedIds } from '../api/answers';
import { cancelTask, submit } from '../api/tasks';
import type { Task } from '../api/types';
import { useI18n } from '../i18n';
import type { ModalKind } from './button-names';
import { Dialog } from './dialog';
import { MaskPainter, maskDataUrl } from './mask-painter';
import { ErrorNotice } from './notice';

const DEFAULT_ZOOM = '--zoom 2';

export interface ModalFormProps {
  /** The task waiting for this modal. */
  taskId: string;
  kind: ModalKind;
  /** The task whose button opened it (its image and prompt). */
  source: Task;
  onDone(ids: string[]): void;
  onClose(): void;
}

function initialPrompt(kind: ModalKind, source: Task): string {
  const base = source.promptEn || source.prompt;
  if (kind === 'zoom') return `${base.replace(/\s*--zoom\s+\S+/g, '')} ${DEFAULT_ZOOM}`.trim();
  // Prompt picks (describe, shorten) default to the chosen prompt on the server when left empty.
  return source.action === 'DESCRIBE' || source.action === 'SHORTEN' ? '' : base;
}

export function ModalForm({ taskId, kind, source, onDone, onClose }: ModalFormProps) {
  const { t } = useI18n();
  const [prompt, setPrompt] = useState(() => initialPrompt(kind, source));
  const [painted, setPainted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const canvas = useRef<HTMLCanvasElement>(null);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (kind === 'region' && (!painted || !canvas.current)) {
      setError(t('paintFirst'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const mask = kind === 'region' && canvas.current ? maskDataUrl(canvas.current) : undefined;
      const answer = await submit.modal(taskId, prompt, mask);
      if (accepted(answer)) onDone(startedIds(answer));
      else setError(answer.description);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const dismiss = () => {
    void cancelTask(taskId).catch(() => undefined);
    onClose();
  };

  const titles: Record<ModalKind, string> = { region: t('modalRegion'), zoom: t('modalZoom'), prompt: t('modalPrompt') };
  return (
    <Dialog title={titles[kind]} onClose={dismiss} wide={kind === 'region'}>
      <form onSubmit={(event) => void send(event)} className="stack">
        {kind === 'region' && source.imageUrl && (
          <MaskPainter imageUrl={source.imageUrl} canvasRef={canvas} onPaintedChange={(now) => {
            setPainted(now);
            if (now) setError(undefined);
          }} />
        )}
        <label>
          {t('prompt')}
          <textarea value={prompt} rows={3} placeholder={t('modalPromptPlaceholder')} onChange={(event) => setPrompt(event.target.value)} />
        </label>
        {kind === 'zoom' && <p className="hint">{t('zoomHint')}</p>}
        <ErrorNotice error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{t('submitModal')}</button>
          <button type="button" onClick={dismiss}>{t('cancelModal')}</button>
        </div>
      </form>
    </Dialog>
  );
}
