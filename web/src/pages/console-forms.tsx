/** The drawing console's forms: imagine, blend, describe, shorten, face swap, video. Each returns a submit answer. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { submit, type SubmitCommon } from '../api/tasks';
import type { SubmitAnswer } from '../api/types';
import { ImageDrop } from '../components/image-drop';
import { useI18n } from '../i18n';

export const CONSOLE_KINDS = ['imagine', 'blend', 'describe', 'shorten', 'swap', 'video'] as const;
export type ConsoleKind = (typeof CONSOLE_KINDS)[number];

const MAX_IMAGE_PROMPTS = 5;
const MAX_BLEND_IMAGES = 5;
const BLEND_DIMENSIONS = ['SQUARE', 'PORTRAIT', 'LANDSCAPE'] as const;
const MOTIONS = ['low', 'high'] as const;

export interface FormProps {
  common: SubmitCommon;
  busy: boolean;
  onSubmit(send: () => Promise<SubmitAnswer>): void;
}

function SubmitForm({ onSubmit, children, label, busy }: { onSubmit(): void; children: ReactNode; label: string; busy: boolean }) {
  const handle = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="stack" onSubmit={handle}>
      {children}
      <div className="actions"><button type="submit" className="primary" disabled={busy}>{label}</button></div>
    </form>
  );
}

function PromptField({ value, onChange, required = true }: { value: string; onChange(value: string): void; required?: boolean }) {
  const { t } = useI18n();
  return (
    <label>
      {t('prompt')}
      <textarea value={value} rows={3} required={required} onChange={(event) => onChange(event.target.value)} placeholder={t('promptPlaceholder')} />
    </label>
  );
}

export function ImagineForm({ common, busy, onSubmit }: FormProps) {
  const { t } = useI18n();
  const [prompt, setPrompt] = useState('');
  const [images, setImages] = useState<string[]>([]);
  return (
    <SubmitForm busy={busy} label={t('imagine')} onSubmit={() => onSubmit(() => submit.imagine({ ...common, prompt, base64Array: images }))}>
      <PromptField value={prompt} onChange={setPrompt} />
      <ImageDrop label={t('imagePrompts')} images={images} onChange={setImages} max={MAX_IMAGE_PROMPTS} />
    </SubmitForm>
  );
}

export function BlendForm({ common, busy, onSubmit }: FormProps) {
  const { t } = useI18n();
  const [images, setImages] = useState<string[]>([]);
  const [dimensions, setDimensions] = useState<string>('SQUARE');
  return (
    <SubmitForm busy={busy} label={t('blend')} onSubmit={() => onSubmit(() => submit.blend({ ...common, base64Array: images, dimensions }))}>
      <ImageDrop label={t('blendImages')} images={images} onChange={setImages} max={MAX_BLEND_IMAGES} />
      <label>
        {t('dimensions')}
        <select value={dimensions} onChange={(event) => setDimensions(event.target.value)}>
          {BLEND_DIMENSIONS.map((value) => <option key={value} value={value}>{t(`dimension${value}`)}</option>)}
        </select>
      </label>
    </SubmitForm>
  );
}

export function DescribeForm({ common, busy, onSubmit }: FormProps) {
  const { t } = useI18n();
  const [images, setImages] = useState<string[]>([]);
  const [link, setLink] = useState('');
  const body = () => (images[0] ? { ...common, base64: images[0] } : { ...common, link });
  return (
    <SubmitForm busy={busy} label={t('describe')} onSubmit={() => onSubmit(() => submit.describe(body()))}>
      <ImageDrop label={t('describeImage')} images={images} onChange={setImages} max={1} />
      <label>
        {t('imageLink')}
        <input type="url" value={link} placeholder="https://…" onChange={(event) => setLink(event.target.value)} />
      </label>
    </SubmitForm>
  );
}

export function ShortenForm({ common, busy, onSubmit }: FormProps) {
  const { t } = useI18n();
  const [prompt, setPrompt] = useState('');
  return (
    <SubmitForm busy={busy} label={t('shorten')} onSubmit={() => onSubmit(() => submit.shorten({ ...common, prompt }))}>
      <PromptField value={prompt} onChange={setPrompt} />
    </SubmitForm>
  );
}

export function SwapForm({ busy, onSubmit }: FormProps) {
  const { t } = useI18n();
  const [source, setSource] = useState<string[]>([]);
  const [target, setTarget] = useState<string[]>([]);
  const send = () => submit.swapFace({ sourceBase64: source[0] ?? '', targetBase64: target[0] ?? '' });
  return (
    <SubmitForm busy={busy} label={t('swapFace')} onSubmit={() => onSubmit(send)}>
      <ImageDrop label={t('swapSource')} images={source} onChange={setSource} max={1} />
      <ImageDrop label={t('swapTarget')} images={target} onChange={setTarget} max={1} />
    </SubmitForm>
  );
}

export function VideoForm({ common, busy, onSubmit }: FormProps) {
  const { t } = useI18n();
  const [prompt, setPrompt] = useState('');
  const [image, setImage] = useState<string[]>([]);
  const [motion, setMotion] = useState<string>('low');
  const send = () => submit.video({ ...common, prompt, image: image[0], motion });
  return (
    <SubmitForm busy={busy} label={t('makeVideo')} onSubmit={() => onSubmit(send)}>
      <ImageDrop label={t('startImage')} images={image} onChange={setImage} max={1} />
      <PromptField value={prompt} onChange={setPrompt} required={false} />
      <label>
        {t('motion')}
        <select value={motion} onChange={(event) => setMotion(event.target.value)}>
          {MOTIONS.map((value) => <option key={value} value={value}>{t(`motion_${value}`)}</option>)}
        </select>
      </label>
      <p className="hint">{t('videoHint')}</p>
    </SubmitForm>
  );
}
