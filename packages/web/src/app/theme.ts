import { type CSSVariablesResolver, createTheme, darken, type MantineColorsTuple } from '@mantine/core';

// A calm teal: dark enough at shade 7 for white text at WCAG AA contrast (about 5.9:1).
const clinicTeal: MantineColorsTuple = [
  '#e6f7f7',
  '#c9ebea',
  '#9dd8d6',
  '#6dc3c1',
  '#45b0ae',
  '#2a9896',
  '#177f7e',
  '#0b6e6e',
  '#075958',
  '#034443',
];

export const theme = createTheme({
  primaryColor: 'clinicTeal',
  primaryShade: 7,
  colors: { clinicTeal },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  defaultRadius: 'md',
  focusRing: 'always',
});

/**
 * Mantine's default text colours on light backgrounds fall short of WCAG AA (1.4.3, 4.5:1) in
 * places a patient or a tired agent must read: secondary ("dimmed") text is grey 6 (3.3:1), field
 * errors red 6 (3.3:1), and the text of light badges and alerts shade 9 on shade 1 (green 3.8:1,
 * yellow 2.7:1). We use darker tones of the same colours; axe checks the result in the browser tests.
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolvedTheme) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    ...Object.fromEntries(
      Object.entries(resolvedTheme.colors).map(([name, shades]) => [
        `--mantine-color-${name}-light-color`,
        darken(shades[9], 0.35),
      ]),
    ),
  },
  dark: {},
});
