import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { BundleBlock, BundleItem, Response } from '@course/contracts';
import { answerCurrent, feedback, submit } from '../../../test/drive';
import { fixtureBundle } from '../../../test/fixtures/fixtures';
import { shuffledSteps } from '../../course/responses';
import { Block, Item } from './registry';

const basics = fixtureBundle().modules[0]!;
const items = basics.knowledgeCheck.items;
const blocks = [...basics.lessons, basics.caseStudy!].flatMap((l) =>
  l.segments.flatMap((s) => (s.kind === 'block' ? [s.block] : [])),
);
const block = <T extends BundleBlock['type']>(type: T) =>
  blocks.find((b) => b.type === type) as Extract<BundleBlock, { type: T }>;

function Harness({ item, onSubmit }: { item: BundleItem; onSubmit: (r: Response) => void }) {
  const [saved, setSaved] = useState<Response | undefined>(undefined);
  return (
    <Item
      item={item}
      saved={saved}
      onSubmit={(r) => {
        onSubmit(r);
        setSaved(r);
      }}
    />
  );
}

describe.each(items.map((item, i) => [item.type, item, i + 1] as const))('%s item', (_type, item, n) => {
  it.each([true, false])(
    'answered right=%s: feedback in the status region, focused, then locked',
    async (right) => {
      const user = userEvent.setup();
      const onSubmit = jest.fn();
      render(<Harness item={item} onSubmit={onSubmit} />);
      expect(screen.getByRole('group', { name: item.prompt.replace(/<[^>]+>/g, '') })).toBeInTheDocument();
      await answerCurrent(user, n, right);
      expect(onSubmit).toHaveBeenCalledTimes(1);
      expect(feedback()).toHaveTextContent(right ? /^Correct\./ : /^Not quite\./);
      expect(feedback()).toHaveFocus();
      expect(feedback()).toHaveTextContent(`Source: ${item.source}`);
      expect(screen.queryByRole('button', { name: 'Submit answer' })).not.toBeInTheDocument();
    },
  );
});

describe('incomplete answers', () => {
  it.each([
    ['basics-q4', 'Choose an answer for every line, then submit.'],
    ['basics-q7', 'Type an answer, then submit it.'],
    ['basics-q8', 'Type a number, then submit it.'],
    ['basics-q2', 'Choose an answer, then submit it.'],
  ])('%s asks for what is missing', async (id, message) => {
    const user = userEvent.setup();
    const onSubmit = jest.fn();
    render(<Harness item={items.find((i) => i.id === id)!} onSubmit={onSubmit} />);
    await user.click(submit());
    expect(screen.getByRole('alert')).toHaveTextContent(message);
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

describe('ordering with the keyboard only', () => {
  it('moves steps with Tab and Enter, announces each move and keeps focus on the moved step', async () => {
    const user = userEvent.setup();
    const onSubmit = jest.fn();
    const item = items.find((i) => i.type === 'ordering')!;
    render(<Harness item={item} onSubmit={onSubmit} />);
    const order = () =>
      screen.getAllByRole('listitem').map((li) => li.querySelector('.step-text')?.textContent);
    const start = order();
    expect(start).not.toEqual(['Recruitment', 'Transport', 'Illegal entry']);
    expect(start).toEqual(shuffledSteps(item.steps, item.id).map((st) => st.text));
    const target = ['Recruitment', 'Transport', 'Illegal entry'];
    for (let i = 0; i < target.length; i += 1) {
      while (order().indexOf(target[i]) > i) {
        const button = screen.getByRole('button', { name: `Move '${target[i]}' up` });
        button.focus();
        await user.keyboard('{Enter}');
        const position = order().indexOf(target[i]) + 1;
        expect(
          screen
            .getAllByRole('status')
            .some((s) => s.textContent === `'${target[i]}' moved to position ${position} of 3.`),
        ).toBe(true);
        expect(document.activeElement?.getAttribute('aria-label')).toMatch(
          new RegExp(`^Move '${target[i]}'`),
        );
      }
    }
    expect(order()).toEqual(target);
    screen.getByRole('button', { name: 'Submit answer' }).focus();
    await user.keyboard(' ');
    expect(onSubmit).toHaveBeenCalledWith(['recruit', 'transport', 'entry']);
    expect(feedback()).toHaveTextContent(/^Correct\./);
    await user.tab();
    expect(screen.getByRole('button', { name: "Move 'Recruitment' up" })).toBeDisabled();
  });
});

describe('content blocks', () => {
  it('callout: an aside named by its title, with its tone as a class', () => {
    render(<Block block={block('callout')} />);
    const aside = screen.getByRole('complementary', { name: 'Remember' });
    expect(aside).toHaveClass('callout', 'callout-key-point');
  });

  it('key terms: a definition list', () => {
    render(<Block block={block('key-terms')} />);
    expect(screen.getByRole('heading', { name: 'Key terms' })).toBeInTheDocument();
    expect(screen.getAllByRole('term').map((t) => t.textContent)).toEqual([
      'Smuggling of migrants',
      'Illegal entry',
    ]);
    expect(screen.getAllByRole('definition')[0]).toHaveTextContent('Procuring the illegal entry');
  });

  it('image: alt text, src relative to the package, caption', () => {
    render(<Block block={block('image')} />);
    const img = screen.getByRole('img', { name: 'Map of a sea route across the Mediterranean' });
    expect(img).toHaveAttribute('src', 'media/route-map.svg');
    expect(screen.getByRole('figure')).toHaveTextContent('A composite route, for illustration.');
  });

  it('reveal: disclosure buttons that open one panel at a time', async () => {
    const user = userEvent.setup();
    render(<Block block={block('reveal')} />);
    const first = screen.getByRole('button', { name: 'Procurement' });
    const second = screen.getByRole('button', { name: 'Benefit' });
    expect(first).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText('Arranging the entry.')).not.toBeVisible();
    await user.click(first);
    expect(first).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('Arranging the entry.')).toBeVisible();
    await user.click(second);
    expect(first).toHaveAttribute('aria-expanded', 'false');
    expect(second).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('A financial or other material benefit.')).toBeVisible();
  });

  it('timeline: an ordered list of events', () => {
    render(<Block block={block('timeline')} />);
    const list = screen.getByRole('list');
    expect(list.tagName).toBe('OL');
    expect(within(list).getAllByRole('listitem')[0]).toHaveTextContent('2000Protocols adopted');
  });

  it('comparison: a table with caption, column headers and row headers', () => {
    render(<Block block={block('comparison')} />);
    const table = screen.getByRole('table', { name: 'Smuggling and trafficking' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Feature', 'Smuggling', 'Trafficking']);
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Consent', 'Border crossing']);
    expect(screen.getByRole('region', { name: 'Smuggling and trafficking' })).toHaveAttribute(
      'tabindex',
      '0',
    );
  });

  it('reflection: a textarea named by the prompt and a model answer behind a button', async () => {
    const user = userEvent.setup();
    render(<Block block={block('reflection')} />);
    await user.type(screen.getByRole('textbox', { name: 'Why does consent matter?' }), 'Because…');
    const show = screen.getByRole('button', { name: 'Show model answer' });
    expect(screen.getByText('Consent separates a service from exploitation.')).not.toBeVisible();
    await user.click(show);
    expect(show).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('Consent separates a service from exploitation.')).toBeVisible();
  });
});
