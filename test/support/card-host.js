/*
 * Runs inside the test browser page, after the adaptivecards bundle. Plain JavaScript on
 * purpose: it needs the DOM, which the project's tsconfig (Node only) does not describe.
 * card-browser.ts calls window.useTestHostConfig once, then window.renderTestCard per card.
 */
(function () {
  'use strict';

  var AC = window.AdaptiveCards;
  var hostConfig = new AC.HostConfig({});

  function describeEvent(phase, event) {
    var name = AC.ValidationEvent[event.event] || String(event.event);
    return phase + ' ' + name + ': ' + event.message;
  }

  function isShown(element) {
    if (!element || !element.isConnected) return false;
    var box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
  }

  window.useTestHostConfig = function (json) {
    hostConfig = new AC.HostConfig(json);
  };

  /**
   * Replaces the content of the element with id `hostId` by the rendered card.
   * Returns { errors, buttons, inputs, text, tags } as plain data.
   */
  window.renderTestCard = function (payload, hostId) {
    var host = document.getElementById(hostId);
    var errors = [];
    var card = new AC.AdaptiveCard();
    card.hostConfig = hostConfig;
    host.replaceChildren();

    try {
      var context = new AC.SerializationContext();
      card.parse(payload, context);
      for (var i = 0; i < context.eventCount; i++) {
        errors.push(describeEvent('parse', context.getEventAt(i)));
      }
      card.validateProperties().validationEvents.forEach(function (event) {
        errors.push(describeEvent('validation', event));
      });
      var rendered = card.render();
      if (rendered) host.appendChild(rendered);
      else errors.push('render: the card produced no element');
    } catch (error) {
      errors.push('render threw: ' + (error && error.message ? error.message : String(error)));
    }

    var buttons = Array.prototype.slice
      .call(host.querySelectorAll('button'))
      .filter(isShown)
      .map(function (button) {
        return (button.textContent || button.getAttribute('aria-label') || '').trim();
      });
    var inputs = card
      .getAllInputs(false)
      .filter(function (input) {
        return isShown(input.renderedElement);
      })
      .map(function (input) {
        return input.id;
      });

    var tags = Array.prototype.slice.call(host.querySelectorAll('*')).map(function (element) {
      return element.tagName.toLowerCase();
    });

    return { errors: errors, buttons: buttons, inputs: inputs, text: host.innerText, tags: tags };
  };
})();
