import { fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../../i18n/i18n';
import { JoinPage, normaliseJoinCode } from '../components/JoinPage';

describe('JoinPage', () => {
  it('normalises what people type', () => {
    expect(normaliseJoinCode(' k7p-2qx ')).toBe('K7P2QX');
  });

  it('refuses a malformed code and accepts a well-formed one', () => {
    render(
      <I18nProvider initialLocale="fr">
        <JoinPage />
      </I18nProvider>,
    );
    const input = screen.getByLabelText('Code de l’atelier');
    fireEvent.change(input, { target: { value: 'AB' } });
    fireEvent.click(screen.getByRole('button', { name: 'Rejoindre' }));
    expect(screen.getByRole('status')).toHaveTextContent('Le code compte 6 lettres ou chiffres.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    fireEvent.change(input, { target: { value: 'k7p 2qx' } });
    fireEvent.click(screen.getByRole('button', { name: 'Rejoindre' }));
    expect(screen.getByRole('status')).toHaveTextContent('K7P2QX');
    expect(input).not.toHaveAttribute('aria-invalid');
  });
});
