/**
 * Vary (Region): the operator paints the region on the image by hand. The strokes live on a canvas of
 * the image's own size over the image; the mask sent is black with the painted region white.
 */
import { useRef, useState, type PointerEvent, type RefObject } from 'react';
import { useI18n } from '../i18n';

const DEFAULT_BRUSH = 40;
const MIN_BRUSH = 5;
const MAX_BRUSH = 150;
const STROKE = '#ffffff';
const BACKGROUND = '#000000';

/** The mask as a PNG data URL: black, with every painted pixel white. */
export function maskDataUrl(strokes: HTMLCanvasElement): string {
  const mask = document.createElement('canvas');
  mask.width = strokes.width;
  mask.height = strokes.height;
  const context = mask.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.fillStyle = BACKGROUND;
  context.fillRect(0, 0, mask.width, mask.height);
  context.drawImage(strokes, 0, 0);
  return mask.toDataURL('image/png');
}

export interface MaskPainterProps {
  imageUrl: string;
  canvasRef: RefObject<HTMLCanvasElement | null>;
  onPaintedChange(painted: boolean): void;
}

export function MaskPainter({ imageUrl, canvasRef, onPaintedChange }: MaskPainterProps) {
  const { t } = useI18n();
  const [brush, setBrush] = useState(DEFAULT_BRUSH);
  const [loadError, setLoadError] = useState(false);
  const last = useRef<{ x: number; y: number }>(undefined);

  // Pointer position in the canvas's own pixels (it is shown scaled to the page's width).
  const pointOf = (event: PointerEvent<HTMLCanvasElement>) => {
    const canvas = event.currentTarget;
    const box = canvas.getBoundingClientRect();
    const scale = canvas.width / box.width;
    return { x: (event.clientX - box.left) * scale, y: (event.clientY - box.top) * scale, scale };
  };

  const paintTo = (event: PointerEvent<HTMLCanvasElement>) => {
    const context = event.currentTarget.getContext('2d');
    if (!context) return;
    const { x, y, scale } = pointOf(event);
    const from = last.current ?? { x, y };
    context.strokeStyle = STROKE;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.lineWidth = brush * scale;
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(x, y);
    context.stroke();
    last.current = { x, y };
    onPaintedChange(true);
  };

  const clear = () => {
    const canvas = canvasRef.current;
    canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    onPaintedChange(false);
  };

  return (
    <div className="mask-painter">
      <div className="mask-stage">
        <img src={imageUrl} alt={t('regionImage')} draggable={false}
          onError={() => setLoadError(true)}
          onLoad={(event) => {
            const canvas = canvasRef.current;
            if (!canvas) return;
            canvas.width = event.currentTarget.naturalWidth;
            canvas.height = event.currentTarget.naturalHeight;
          }} />
        <canvas ref={canvasRef} role="img" aria-label={t('maskCanvas')} width={1} height={1}
          onPointerDown={(event) => {
            event.currentTarget.setPointerCapture(event.pointerId);
            last.current = undefined;
            paintTo(event);
          }}
          onPointerMove={(event) => {
            if (event.buttons === 1) paintTo(event);
          }}
          onPointerUp={() => {
            last.current = undefined;
          }} />
      </div>
      {loadError && <p className="notice error" role="alert">{t('imageLoadFailed')}</p>}
      <div className="row">
        <label>
          {t('brushSize')}
          <input type="range" min={MIN_BRUSH} max={MAX_BRUSH} value={brush} onChange={(event) => setBrush(Number(event.target.value))} />
        </label>
        <button type="button" onClick={clear}>{t('clearMask')}</button>
      </div>
    </div>
  );
}
