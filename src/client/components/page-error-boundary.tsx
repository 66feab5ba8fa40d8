import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';

type Props = { children: ReactNode; offline: () => boolean; view: (failure: PageFailure) => ReactNode };
export type PageFailure = 'offline' | 'failed';
type State = { failure: PageFailure | null };

/**
 * Catches a page that cannot be shown (a page's code not downloaded yet while offline, or a page
 * that failed while drawing) so the menu and the rest of the app stay usable and the person reads
 * why, instead of a blank screen.
 */
class Boundary extends Component<Props, State> {
  override state: State = { failure: null };

  static getDerivedStateFromError(): State {
    return { failure: 'failed' };
  }

  override componentDidCatch(): void {
    // Told apart after the fact: the import of a page's code fails as a TypeError while offline.
    if (this.props.offline()) this.setState({ failure: 'offline' });
  }

  override render() {
    return this.state.failure ? this.props.view(this.state.failure) : this.props.children;
  }
}

function FailureView({ failure }: { failure: PageFailure }) {
  const { t } = useTranslation();
  return (
    <section className="page">
      <h1>{t('errors.unexpected')}</h1>
      <p className="warning" role="alert">
        {t(failure === 'offline' ? 'errors.pageOffline' : 'errors.pageFailed')}
      </p>
      <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
        {t('errors.reload')}
      </button>
    </section>
  );
}

/** One boundary per page: moving to another page starts clean. */
export function PageErrorBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <Boundary
      key={pathname}
      offline={() => typeof navigator !== 'undefined' && navigator.onLine === false}
      view={(failure) => <FailureView failure={failure} />}
    >
      {children}
    </Boundary>
  );
}
