/** Images by drag and drop or a file picker, read as data URLs (the API takes them as they are). */
import { useId, useState, type DragEvent } from 'react';
import { useI18n } from '../i18n';

export interface ImageDropProps {
  label: string;
  images: string[];
  onChange(images: string[]): void;
  max: number;
}

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

export function ImageDrop({ label, images, onChange, max }: ImageDropProps) {
  const { t } = useI18n();
  const inputId = useId();
  const [over, setOver] = useState(false);
  const [error, setError] = useState<string>();

  const add = async (files: FileList | null) => {
    const chosen = [...(files ?? [])].filter((file) => file.type.startsWith('image/'));
    if (chosen.length === 0) {
      setError(t('notAnImage'));
      return;
    }
    setError(undefined);
    const read = await Promise.all(chosen.map(readAsDataUrl));
    onChange([...images, ...read].slice(-max));
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void add(event.dataTransfer.files).catch((failure: unknown) => setError(String(failure)));
  };

  return (
    <div className={over ? 'drop over' : 'drop'} role="group" aria-label={label}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}>
      <p>
        <strong>{label}</strong> — {t('dropHint', { max })}{' '}
        <label htmlFor={inputId} className="button">{t('chooseFiles')}</label>
        <input id={inputId} className="visually-hidden" type="file" accept="image/*" multiple={max > 1} aria-label={t('chooseFilesFor', { label })}
          onChange={(event) => {
            void add(event.target.files).catch((failure: unknown) => setError(String(failure)));
            event.target.value = '';
          }} />
      </p>
      {images.length > 0 && (
        <ul className="thumbs">
          {images.map((image, i) => (
            <li key={`${i}-${image.length}`}>
              <img src={image} alt={t('uploadedImage', { n: i + 1 })} />
              <button type="button" className="icon" aria-label={t('removeImage', { n: i + 1 })}
                onClick={() => onChange(images.filter((_, j) => j !== i))}>×</button>
            </li>
          ))}
        </ul>
      )}
      {error && <p className="notice error" role="alert">{error}</p>}
    </div>
  );
}
