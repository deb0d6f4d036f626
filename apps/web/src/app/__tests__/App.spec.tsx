import { act, fireEvent, render, screen } from '@testing-library/react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { I18nProvider } from '../../i18n/i18n';
import { App } from '../App';

function renderAt(path: string) {
  const location = memoryLocation({ path, record: true });
  render(
    <I18nProvider>
      <Router hook={location.hook}>
        <App />
      </Router>
    </I18nProvider>,
  );
  return location;
}

describe('App shell', () => {
  beforeEach(() => window.localStorage.clear());

  it('speaks French by default and switches to English on request, remembering it', () => {
    renderAt('/');
    expect(document.documentElement.lang).toBe('fr');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Faire entendre sa voix');
    act(() => fireEvent.click(screen.getByRole('button', { name: 'English' })));
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Be heard');
    expect(screen.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
    expect(window.localStorage.getItem('permanente.locale')).toBe('en');
  });

  it('reserves a route for each audience and marks the current one', () => {
    renderAt('/officials');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Espace des élus');
    expect(screen.getByRole('link', { name: 'Espace élus' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(screen.getByRole('link', { name: 'Participer' })).not.toHaveAttribute('aria-current');
  });

  it('shows a not-found page for an unknown address', () => {
    renderAt('/nulle-part');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Page introuvable');
  });
});
