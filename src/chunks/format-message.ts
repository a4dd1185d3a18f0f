/**
 * A message as readable text, the way LangChain's `toFormattedString()` prints it.
 * @module
 */
import type { ToolCall } from './types';

/** What the printer reads of a message. */
interface Printable {
  readonly type: string;
  readonly text: string;
  readonly name?: string;
  readonly toolCalls?: readonly ToolCall[];
}

const WIDTH = 80;

/** ` Human Message ` centred in a line of `=`, 80 characters wide. */
function title(type: string): string {
  const label = ` ${type.charAt(0).toUpperCase()}${type.slice(1)} Message `;
  const left = Math.max(0, Math.floor((WIDTH - label.length) / 2));
  const right = Math.max(0, WIDTH - label.length - left);
  return '='.repeat(left) + label + '='.repeat(right);
}

function argText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The lines between the title and the text: a tool's name, an AI message's tool calls. */
function details(message: Printable): string[] {
  const lines: string[] = [];
  if (message.type === 'tool' && message.name !== undefined) lines.push(`Name: ${message.name}`);
  const calls = message.toolCalls ?? [];
  if (calls.length > 0) {
    lines.push('Tool Calls:');
    for (const call of calls) {
      lines.push(`  ${call.name} (${String(call.id)})`, ` Call ID: ${String(call.id)}`, '  Args:');
      for (const [key, value] of Object.entries(call.args))
        lines.push(`    ${key}: ${argText(value)}`);
    }
  }
  return lines;
}

/**
 * The title line, then the details (if any) and a blank line, then the text (left out when it
 * is only whitespace). Content blocks print as their text.
 * @internal
 */
export function formatMessage(message: Printable): string {
  const lines = [title(message.type), ...details(message)];
  const text = message.text;
  if (text.trim() !== '') {
    if (lines.length > 1) lines.push('');
    lines.push(text);
  }
  return lines.join('\n');
}
