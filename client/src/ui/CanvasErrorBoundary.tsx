import { Component, type ReactNode } from 'react';

/**
 * Catches a failed canvas load (chunk unreachable offline, a crash inside
 * the editor) so the top bar stays usable and the visitor gets a way out.
 */
export class CanvasErrorBoundary extends Component<
  { fallback: ReactNode; children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
