/** The result's buttons, all clickable; a button that opens a modal (code 21) is answered in the page. */
import { useState } from 'react';
import { submit } from '../api/tasks';
import { accepted, startedIds } from '../api/answers';
import { SubmitCode, type Task, type TaskButton } from '../api/types';
import { useI18n } from '../i18n';
import { buttonName, modalKindOf, shownEmoji, type ModalKind } from './button-names';
import { ModalForm } from './modal-form';
import { ErrorNotice } from './notice';

export interface TaskButtonsProps {
  task: Task;
  canChange: boolean;
  /** The tasks a click started (one, or four for describe's "Imagine all"). */
  onStarted(ids: string[]): void;
}

export function TaskButtons({ task, canChange, onStarted }: TaskButtonsProps) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [modal, setModal] = useState<{ taskId: string; kind: ModalKind }>();

  const click = async (button: TaskButton) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await submit.action(task.id, button.customId);
      if (answer.code === SubmitCode.Modal && typeof answer.result === 'string') setModal({ taskId: answer.result, kind: modalKindOf(button.customId) });
      else if (accepted(answer)) onStarted(startedIds(answer));
      else setError(answer.description);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (task.buttons.length === 0) return null;
  const clickable = canChange && task.status === 'SUCCESS' && !busy;
  return (
    <section className="buttons" aria-label={t('resultButtons')}>
      <div className="button-row">
        {task.buttons.map((button) => (
          <button key={button.customId} type="button" className={`mj style-${button.style}`} disabled={!clickable}
            aria-label={button.label ? undefined : buttonName(button)} title={button.customId}
            onClick={() => void click(button)}>
            {shownEmoji(button.emoji) && <span aria-hidden="true">{shownEmoji(button.emoji)} </span>}
            {button.label}
          </button>
        ))}
      </div>
      <ErrorNotice error={error} />
      {modal && (
        <ModalForm taskId={modal.taskId} kind={modal.kind} source={task}
          onDone={(ids) => {
            setModal(undefined);
            onStarted(ids);
          }}
          onClose={() => setModal(undefined)} />
      )}
    </section>
  );
}
