import { screen, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';

export type User = ReturnType<typeof userEvent.setup>;

export const next = () => screen.getByRole('button', { name: 'Next' });
export const previous = () => screen.getByRole('button', { name: 'Previous' });
export const submit = () => screen.getByRole('button', { name: 'Submit answer' });
export const h1 = (name: string) => screen.getByRole('heading', { level: 1, name });
/** The feedback status region of the item named `group` (the whole page when omitted). */
export const feedback = (scope: HTMLElement = document.body) =>
  within(scope)
    .queryAllByRole('status')
    .find((el) => /^(Correct\.|Not quite\.)/.test(el.textContent ?? ''));

/** Answers the knowledge-check item on the current page the right way (`right`) or the wrong way. */
export async function answerCurrent(user: User, number: number, right: boolean): Promise<void> {
  switch (number) {
    case 1:
      await user.click(
        screen.getByRole('radio', {
          name: right ? 'A financial or other material benefit' : 'The use of a vehicle',
        }),
      );
      break;
    case 2:
      await user.click(screen.getByRole('checkbox', { name: 'Procuring illegal entry' }));
      await user.click(
        screen.getByRole('checkbox', {
          name: right ? 'A financial or other material benefit' : 'Exploitation of the person',
        }),
      );
      break;
    case 3:
      await user.click(screen.getByRole('radio', { name: right ? 'False' : 'True' }));
      break;
    case 4:
      await user.selectOptions(
        screen.getByRole('combobox', { name: 'UNTOC' }),
        right ? 'Organized crime' : 'Smuggling of migrants',
      );
      await user.selectOptions(
        screen.getByRole('combobox', { name: 'Smuggling Protocol' }),
        right ? 'Smuggling of migrants' : 'Organized crime',
      );
      await user.selectOptions(
        screen.getByRole('combobox', { name: 'Trafficking Protocol' }),
        'Trafficking in persons',
      );
      break;
    case 5:
      if (right) await orderSteps(user, ['Recruitment', 'Transport', 'Illegal entry']);
      break;
    case 6:
      await user.selectOptions(
        screen.getByRole('combobox', { name: 'Always crosses a border' }),
        'Smuggling',
      );
      await user.selectOptions(
        screen.getByRole('combobox', { name: 'Purpose of exploitation' }),
        'Trafficking',
      );
      await user.selectOptions(
        screen.getByRole('combobox', { name: 'The migrant consents' }),
        right ? 'Smuggling' : 'Trafficking',
      );
      break;
    case 7:
      await user.type(
        screen.getByRole('textbox', { name: 'Your answer' }),
        right ? 'ARTICLE 5.' : 'Article 3',
      );
      break;
    case 8:
      await user.type(screen.getByRole('spinbutton', { name: 'Your answer' }), right ? '2000' : '1999');
      break;
  }
  await user.click(submit());
}

/** Moves steps with the "Move … up" buttons until the list reads `target`. */
export async function orderSteps(user: User, target: string[]): Promise<void> {
  const current = () =>
    screen
      .getAllByRole('listitem')
      .filter((li) => li.classList.contains('step'))
      .map((li) => li.querySelector('.step-text')!.textContent!);
  for (let i = 0; i < target.length; i += 1) {
    while (current().indexOf(target[i]!) > i)
      await user.click(screen.getByRole('button', { name: `Move '${target[i]}' up` }));
  }
}
