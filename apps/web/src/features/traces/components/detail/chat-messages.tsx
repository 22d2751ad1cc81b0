import type { DisplayMessage, MessageRole } from "../../lib/messages";
import { roleFamily } from "../../lib/messages";
import { CollapsibleText } from "../common/collapsible-text";

const ROLE_STYLES: Record<MessageRole, { card: string; label: string }> = {
  system: { card: "border-gray-200 bg-gray-50", label: "text-gray-600" },
  user: { card: "border-sky-200 bg-sky-50/40", label: "text-sky-700" },
  assistant: { card: "border-violet-200 bg-violet-50/40", label: "text-violet-700" },
  tool: { card: "border-amber-200 bg-amber-50/40", label: "text-amber-800" },
  other: { card: "border-gray-200 bg-white", label: "text-gray-600" },
};

/**
 * A conversation, one card per message, styled by role. Everything is rendered as text:
 * prompts and completions are untrusted and must never become markup.
 */
export function ChatMessages({ messages, testId }: { messages: DisplayMessage[]; testId?: string }) {
  return (
    <ol className="space-y-2" data-testid={testId}>
      {messages.map((message, index) => (
        <li key={index}>
          <ChatMessageCard message={message} />
        </li>
      ))}
    </ol>
  );
}

function ChatMessageCard({ message }: { message: DisplayMessage }) {
  const family = roleFamily(message.role);
  const style = ROLE_STYLES[family];
  return (
    <div
      data-testid={`chat-message-${family}`}
      data-role={message.role}
      className={`rounded-md border px-3 py-2 ${style.card}`}
    >
      <div className="mb-1 flex flex-wrap items-center gap-x-2 text-[11px]">
        <span className={`font-semibold tracking-wide uppercase ${style.label}`}>{message.role}</span>
        {message.name ? <span className="font-mono text-gray-500">{message.name}</span> : null}
        {message.toolCallId ? (
          <span className="font-mono text-gray-400" title="tool call id">
            ↩ {message.toolCallId}
          </span>
        ) : null}
        {message.finishReason ? (
          <span className="ml-auto rounded bg-white/70 px-1 text-gray-500 ring-1 ring-gray-200 ring-inset">
            {message.finishReason}
          </span>
        ) : null}
      </div>
      {message.reasoning ? (
        <details className="mb-1.5 rounded border border-dashed border-gray-300 bg-white/60 px-2 py-1">
          <summary className="cursor-pointer text-[11px] font-medium text-gray-500">Reasoning</summary>
          <CollapsibleText text={message.reasoning} className="mt-1 text-gray-600" />
        </details>
      ) : null}
      {message.content !== null ? (
        <CollapsibleText text={message.content} />
      ) : !message.toolCalls?.length ? (
        <p className="text-xs text-gray-400 italic">(no content)</p>
      ) : null}
      {message.toolCalls?.length ? (
        <div className="mt-1.5 space-y-1.5">
          {message.toolCalls.map((call, i) => (
            <div
              key={call.id ?? i}
              data-testid="tool-call"
              className="rounded border border-gray-200 bg-white px-2 py-1.5"
            >
              <div className="flex flex-wrap items-center gap-2 text-[11px]">
                <span className="rounded bg-sky-50 px-1 font-medium text-sky-700 ring-1 ring-sky-200 ring-inset">
                  tool call
                </span>
                <span className="font-mono font-semibold text-gray-900">{call.name}</span>
                {call.id ? <span className="font-mono text-gray-400">{call.id}</span> : null}
              </div>
              {call.arguments ? <CollapsibleText text={call.arguments} mono className="mt-1" /> : null}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
