import { Button, Card, Checkbox, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorWithin } from './field-errors.ts';
import { newRowKey, type QuestionRow } from './type-form.ts';

/** The questions asked when a visit of this kind is booked, in English and Spanish. */
export function TypeQuestionsFields({
  questions,
  onChange,
  error,
  mayManage,
}: {
  questions: QuestionRow[];
  onChange(questions: QuestionRow[]): void;
  error: unknown;
  mayManage: boolean;
}) {
  const { t } = useTranslation();
  const readOnly = !mayManage;
  const setQuestion = (index: number, part: Partial<QuestionRow>) =>
    onChange(questions.map((question, at) => (at === index ? { ...question, ...part } : question)));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="type-questions">
      <Stack gap="sm">
        <Title order={2} size="h4" id="type-questions">
          {t('schedule.typeForm.questions')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('schedule.typeForm.questionsHint')}
        </Text>
        {questions.map((question, index) => (
          <Card
            key={question.key}
            withBorder
            padding="sm"
            component="fieldset"
            aria-label={t('schedule.typeForm.question', { number: index + 1 })}
          >
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <TextInput
                label={t('schedule.typeForm.questionKey')}
                value={question.id}
                onChange={(event) => setQuestion(index, { id: event.currentTarget.value })}
                readOnly={readOnly}
                error={errorWithin(error, `body.intakeQuestions.${index}.id`)}
              />
              <TextInput
                label={t('schedule.typeForm.questionEnglish')}
                value={question.en}
                onChange={(event) => setQuestion(index, { en: event.currentTarget.value })}
                readOnly={readOnly}
                error={errorWithin(error, `body.intakeQuestions.${index}.text.en`)}
              />
              <TextInput
                label={t('schedule.typeForm.questionSpanish')}
                lang="es"
                value={question.es}
                onChange={(event) => setQuestion(index, { es: event.currentTarget.value })}
                readOnly={readOnly}
                error={errorWithin(error, `body.intakeQuestions.${index}.text.es`)}
              />
            </SimpleGrid>
            <Group mt="xs" justify="space-between">
              <Checkbox
                label={t('schedule.typeForm.questionRequired')}
                checked={question.required}
                onChange={(event) => setQuestion(index, { required: event.currentTarget.checked })}
                disabled={readOnly}
              />
              {mayManage && (
                <Button
                  size="compact-sm"
                  variant="light"
                  color="red"
                  onClick={() => onChange(questions.filter((_, at) => at !== index))}
                >
                  {t('schedule.typeForm.removeQuestion', { number: index + 1 })}
                </Button>
              )}
            </Group>
          </Card>
        ))}
        {mayManage && (
          <Group>
            <Button
              variant="default"
              size="sm"
              onClick={() =>
                onChange([
                  ...questions,
                  {
                    key: newRowKey(),
                    id: `question-${questions.length + 1}`,
                    en: '',
                    es: '',
                    required: false,
                  },
                ])
              }
            >
              {t('schedule.typeForm.addQuestion')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
