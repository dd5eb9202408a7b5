-- Argo CD health of a vaultgate.io PrivateVaultAccess, from its kstatus conditions and observedGeneration:
-- Healthy when Ready is True for the current generation, Degraded when Stalled (needs a human), Suspended in Plan
-- mode or under reconcile-policy skip, Progressing otherwise. The message is the Ready condition's reason and
-- message.
local hs = {}

local function find(conditions, type)
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function describe(c)
  if c == nil then
    return ""
  end
  local text = c.reason or ""
  if c.message ~= nil and c.message ~= "" then
    if text ~= "" then
      text = text .. ": "
    end
    text = text .. c.message
  end
  return text
end

local generation = obj.metadata.generation
if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Deleting: vaultgate is removing what it created in Azure"
  return hs
end
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for vaultgate to reconcile the resource"
  return hs
end
if generation ~= nil and obj.status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for vaultgate to observe generation " .. generation
  return hs
end

local ready = find(obj.status.conditions, "Ready")
local reconciling = find(obj.status.conditions, "Reconciling")
local stalled = find(obj.status.conditions, "Stalled")

if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(ready or stalled)
  return hs
end
if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(ready or reconciling)
  return hs
end
if ready ~= nil and ready.status == "True"
    and (ready.observedGeneration == nil or generation == nil or ready.observedGeneration == generation) then
  hs.status = "Healthy"
  hs.message = describe(ready)
  return hs
end
if ready ~= nil and ready.status == "False" and (ready.reason == "Planned" or ready.reason == "Skipped") then
  hs.status = "Suspended"
  hs.message = describe(ready)
  return hs
end
hs.status = "Progressing"
if ready ~= nil then
  hs.message = describe(ready)
else
  hs.message = "Waiting for the Ready condition"
end
return hs
