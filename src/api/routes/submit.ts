/** POST /submit/* and /insight-face/swap: check, convert, hand to the task service, answer its code. */
import type { Static, TObject } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { SubmitAnswer, TaskApi } from '../../tasks/api-port.js';
import { prefixModeOf } from '../mode-prefix.js';
import * as convert from '../requests.js';
import { submitResponses } from '../schemas/common.js';
import {
  ActionBody, BlendBody, ChangeBody, DescribeBody, ImagineBody, ModalBody, ShortenBody, SimpleChangeBody, SwapFaceBody,
  UploadBody, VideoBody,
} from '../schemas/submit.js';

type Run<S extends TObject> = (body: Static<S>, ctx: convert.RequestContext) => Promise<SubmitAnswer>;

export function submitRoutes(scope: FastifyInstance, tasks: TaskApi, context: Omit<convert.RequestContext, 'prefixMode'>): void {
  const route = <S extends TObject>(path: string, body: S, summary: string, run: Run<S>): void => {
    scope.post<{ Body: Static<S> }>(path, {
      schema: { tags: ['submit'], summary, body, response: submitResponses },
      config: { submit: true },
    }, (request) => {
      const prefixMode = prefixModeOf(request.raw);
      return run(request.body as Static<S>, prefixMode ? { ...context, prefixMode } : context);
    });
  };

  route('/submit/imagine', ImagineBody, 'Imagine: a prompt, optionally with up to 5 image prompts',
    async (body, ctx) => tasks.imagine(await convert.imagine(body, ctx)));
  route('/submit/blend', BlendBody, 'Blend 2 to 5 images',
    async (body, ctx) => tasks.blend(await convert.blend(body, ctx)));
  route('/submit/describe', DescribeBody, 'Describe an image: four prompts in properties.finalPrompt',
    async (body, ctx) => tasks.describe(await convert.describe(body, ctx)));
  route('/submit/shorten', ShortenBody, 'Shorten (analyse) a prompt',
    async (body, ctx) => tasks.shorten(convert.shorten(body, ctx)));
  route('/submit/action', ActionBody, 'Click a button of a finished task (code 21 when a modal follows)',
    async (body, ctx) => tasks.action(convert.action(body, ctx)));
  route('/submit/modal', ModalBody, 'Confirm a task waiting in status MODAL',
    async (body, ctx) => tasks.modal(await convert.modal(body, ctx)));
  route('/submit/change', ChangeBody, 'Upscale, vary or reroll (old protocol)',
    async (body, ctx) => tasks.change(convert.change(body, ctx)));
  route('/submit/simple-change', SimpleChangeBody, 'Change by "<taskId> U2" (old protocol)',
    async (body, ctx) => tasks.change(convert.simpleChange(body, ctx)));
  route('/submit/upload-discord-images', UploadBody, 'Upload images; result = their URLs',
    async (body, ctx) => tasks.uploadImages(await convert.upload(body, ctx)));
  route('/submit/video', VideoBody, 'Animate a start image, or image `index` of a finished task',
    async (body, ctx) => tasks.video(await convert.video(body, ctx)));
  route('/insight-face/swap', SwapFaceBody, 'Swap the face of the target image for the source face',
    async (body, ctx) => tasks.swapFace(await convert.swapFace(body, ctx)));
}
