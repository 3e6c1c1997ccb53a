/** One task: image, grid parts, buttons, raw JSON, failure reason; cancel while it has not ended. */
import { useState } from 'react';
import { cancelTask, fetchTask } from '../api/tasks';
import { isFinished } from '../api/types';
import { ConfirmDialog } from '../components/dialog';
import { ErrorNotice, InfoNotice } from '../components/notice';
import { TaskView } from '../components/task-view';
import { useI18n } from '../i18n';
import { hrefOf, navigate } from '../lib/route';
import { useSession } from '../lib/session';
import { usePolling } from '../lib/use-polling';

const POLL_MS = 2000;

export function TaskDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const { canChange } = useSession();
  const polled = usePolling(() => fetchTask(id), POLL_MS, id);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  const [info, setInfo] = useState<string>();
  const task = polled.data;

  const cancel = async () => {
    setConfirming(false);
    setError(undefined);
    try {
      const answer = await cancelTask(id);
      if (answer.code === 1) setInfo(answer.description);
      else setError(answer.description);
      polled.refresh();
    } catch (failure) {
      setError(failure);
    }
  };

  const cancelButton = task && !isFinished(task.status) && (
    <button type="button" className="danger" disabled={!canChange} onClick={() => setConfirming(true)}>{t('cancelTask')}</button>
  );
  return (
    <section aria-labelledby="task-title">
      <p><a href={hrefOf('tasks')}>← {t('backToTasks')}</a></p>
      <h1 id="task-title">{t('taskTitle', { id })}</h1>
      <ErrorNotice error={polled.error} />
      <ErrorNotice error={error} />
      {info && <InfoNotice>{info}</InfoNotice>}
      {task && <TaskView task={task} canChange={canChange} onStarted={(ids) => ids[0] && navigate('tasks', ids[0])} actions={cancelButton} />}
      {confirming && (
        <ConfirmDialog title={t('cancelTask')} message={t('cancelTaskConfirm', { id })} confirmLabel={t('cancelTask')}
          onConfirm={() => void cancel()} onClose={() => setConfirming(false)} />
      )}
    </section>
  );
}
