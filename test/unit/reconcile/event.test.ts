import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReconcileEvent, ReconcileEventError } from '../../../lib/sync/reconcile.js';

function fixture(name: string): unknown {
  const url = new URL(`../../fixtures/events/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}

const SHA = '3f2c9b1e0d8a7c6b5a4f3e2d1c0b9a8f7e6d5c4b';

describe('parseReconcileEvent', () => {
  it.each([
    ['an EventBridge rule', 'eventbridge-scheduled-event.json', 'aws.events'],
    ['an EventBridge Scheduler input', 'eventbridge-scheduler-input.json', 'aws.scheduler'],
  ])('reads a scheduled event from %s as "every target"', (_what, file, source) => {
    // Act
    const trigger = parseReconcileEvent(fixture(file));

    // Assess
    expect(trigger).toMatchObject({ kind: 'schedule', reason: 'schedule', eventSource: source });
    expect(trigger).toHaveProperty('eventId');
    expect(trigger).toHaveProperty('time', '2026-08-20T09:05:00Z');
  });

  it('reads git-webhook’s hand-off as one target at one commit', () => {
    const trigger = parseReconcileEvent({
      target: 'prod',
      ref: 'refs/heads/main',
      sha: SHA.toUpperCase(),
      deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      reason: 'webhook',
    });

    expect(trigger).toEqual({
      kind: 'target',
      target: 'prod',
      ref: 'refs/heads/main',
      sha: SHA,
      deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      reason: 'webhook',
      force: false,
      pin: false,
    });
  });

  it('defaults the reason to "manual" and keeps an explicit force and pin', () => {
    expect(parseReconcileEvent({ target: 'prod', force: true, pin: true })).toEqual({
      kind: 'target',
      target: 'prod',
      reason: 'manual',
      force: true,
      pin: true,
    });
  });

  it.each([
    ['a string', 'reconcile', /expected a JSON object/],
    ['null', null, /expected a JSON object/],
    ['an array', [{ target: 'prod' }], /expected a JSON object/],
    ['an empty object', {}, /expected a scheduled event/],
    [
      'another EventBridge event',
      { 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2' },
      /unsupported EventBridge detail-type/,
    ],
    [
      'a scheduled event from another source',
      { 'detail-type': 'Scheduled Event', source: 'acme.cron' },
      /aws\.events or aws\.scheduler/,
    ],
    ['an empty target', { target: '' }, /"target" must be a non-empty string/],
    ['a numeric target', { target: 7 }, /"target" must be a non-empty string/],
    ['an abbreviated sha', { target: 'prod', sha: '3f2c9b1' }, /full commit SHA/],
    ['a sha that is not hex', { target: 'prod', sha: 'z'.repeat(40) }, /full commit SHA/],
    ['a string force', { target: 'prod', force: 'yes' }, /"force" must be a boolean/],
    ['a string pin', { target: 'prod', pin: 'yes' }, /"pin" must be a boolean/],
    ['an overlong ref', { target: 'prod', ref: 'r'.repeat(300) }, /at most 256/],
  ])('rejects %s', (_what, event, message) => {
    expect(() => parseReconcileEvent(event)).toThrow(ReconcileEventError);
    expect(() => parseReconcileEvent(event)).toThrow(message);
  });
});
