// Turns a problem into prompt tokens: through the model's chat template (node-llama-cpp's chat
// wrapper for it, with thinking discouraged when asked) or as plain text.
import type { LlamaModel, Token } from 'node-llama-cpp';
import type { SamplingSettings } from '../protocol';

export interface BuiltPrompt {
  tokens: Token[];
  text: string;
  wrapper: string | null;
}

export async function promptBuilder(model: LlamaModel, s: SamplingSettings) {
  const { resolveChatWrapper } = await import('node-llama-cpp');
  const hasTemplate = typeof model.fileInfo.metadata.tokenizer.chat_template === 'string';
  const wrapper =
    s.chat && hasTemplate
      ? resolveChatWrapper(model, {
          customWrapperSettings: {
            qwen: { thoughts: s.thinking === 'off' ? 'discourage' : 'auto' },
          },
        })
      : null;
  return {
    wrapper: wrapper?.wrapperName ?? null,
    build(problem: string): BuiltPrompt {
      const user = s.instruction ? `${problem}\n\n${s.instruction}` : problem;
      if (!wrapper) {
        const tokens = model.tokenize(user, false);
        return { tokens, text: user, wrapper: null };
      }
      const { contextText } = wrapper.generateContextState({
        chatHistory: [
          { type: 'user', text: user },
          { type: 'model', response: [] },
        ],
      });
      const tokens = contextText.tokenize(model.tokenizer);
      return { tokens, text: model.detokenize(tokens, true), wrapper: wrapper.wrapperName };
    },
  };
}
