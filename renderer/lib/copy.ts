import { toast } from '../stores/toasts';

export async function copyText(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast.success(`Copied ${what}`);
  } catch {
    toast.error({ message: `Could not copy ${what}`, hint: 'Select the text and copy it with Ctrl+C.' });
  }
}
