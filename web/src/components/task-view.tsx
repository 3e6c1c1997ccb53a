/**
 * One task as an operator wants to see it: status and progress, the image (a preview while it runs),
 * the grid's four parts, video, failure reason, the result's buttons and the raw JSON.
 */
import type { ReactNode } from 'react';
import { isFinished, type Task } from '../api/types';
import { useI18n } from '../i18n';
import { formatTime, percentOf } from '../lib/format';
import { TaskButtons } from './task-buttons';

export interface TaskViewProps {
  task: Task;
  canChange: boolean;
  onStarted(ids: string[]): void;
  /** Extra controls (cancel, links) shown in the header. */
  actions?: ReactNode;
}

const squeeze = (text: string): string => text.replace(/\s+/g, '');

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status.toLowerCase()}`}>{status}</span>;
}

export function TaskView({ task, canChange, onStarted, actions }: TaskViewProps) {
  const { t } = useI18n();
  const finished = isFinished(task.status);
  const percent = percentOf(task.progress);
  const finalPrompt = task.properties.finalPrompt ?? '';
  // Midjourney often echoes the prompt unchanged: show it once, as a block when it has several lines (describe).
  const echoed = squeeze(finalPrompt) === squeeze(task.prompt);
  const multiLine = finalPrompt.includes('\n');
  const showPrompt = task.prompt !== '' && !(echoed && multiLine);
  const showFinal = finalPrompt !== '' && !(echoed && !multiLine);
  return (
    <article className="task card" aria-label={t('taskLabel', { id: task.id })} data-status={task.status}>
      <header className="task-head">
        <div>
          <strong>{task.action}</strong> <StatusBadge status={task.status} /> <span className="muted">{task.mode} · {task.botType}</span>
          <div className="muted small">{t('taskId')}: <code>{task.id}</code> · {formatTime(task.submitTime)}</div>
        </div>
        {actions}
      </header>
      {showPrompt && <p className="prompt">{task.prompt}</p>}
      {!finished && (
        <div className="progress" role="progressbar" aria-label={t('progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
          <span style={{ width: `${percent}%` }} />
          <em>{task.progress || '0%'}</em>
        </div>
      )}
      {task.failReason && <p className="notice error" role="alert">{t('failReason')}: {task.failReason}</p>}
      {task.imageUrl && (
        <a href={task.imageUrl} target="_blank" rel="noreferrer" className="task-image">
          <img src={task.imageUrl} alt={finished ? t('resultImage') : t('previewImage')} loading="lazy" />
        </a>
      )}
      {task.imageUrls && task.imageUrls.length > 0 && (
        <ul className="grid-parts" aria-label={t('gridParts')}>
          {task.imageUrls.map(({ url }, i) => (
            <li key={url}>
              <a href={url} target="_blank" rel="noreferrer"><img src={url} alt={t('gridPart', { n: i + 1 })} loading="lazy" /></a>
            </li>
          ))}
        </ul>
      )}
      {task.videoUrl && <video className="task-video" src={task.videoUrl} controls aria-label={t('resultVideo')} />}
      {showFinal && <pre className="final-prompt" aria-label={t('finalPrompt')}>{finalPrompt}</pre>}
      <TaskButtons task={task} canChange={canChange} onStarted={onStarted} />
      <details className="raw">
        <summary>{t('rawJson')}</summary>
        <pre>{JSON.stringify(task, null, 2)}</pre>
      </details>
    </article>
  );
}
