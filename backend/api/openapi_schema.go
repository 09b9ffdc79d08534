package api

import (
	"reflect"
	"strings"
	"time"
)

// schemas derives the OpenAPI (JSON Schema 2020-12) schemas of Go types by
// reflection, as encoding/json encodes them: the json tag names a
// property, omitempty makes it optional, a pointer without omitempty may
// be null, embedded structs are inlined. Named structs become
// #/components/schemas/NAME references.
type schemas struct {
	defs map[string]any
	// names are the component names taken, by type.
	names map[reflect.Type]string
}

func newSchemas() *schemas {
	return &schemas{defs: map[string]any{}, names: map[reflect.Type]string{}}
}

var timeType = reflect.TypeFor[time.Time]()
var durationType = reflect.TypeFor[time.Duration]()

// of returns the schema of t, registering named structs in s.defs.
func (s *schemas) of(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == durationType:
		return map[string]any{"type": "integer", "description": "nanoseconds"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return s.of(t.Elem())
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		// a nil slice or map is encoded as null
		return map[string]any{"type": []any{"array", "null"}, "items": s.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": []any{"object", "null"}, "additionalProperties": s.of(t.Elem())}
	case reflect.Struct:
		name := t.Name()
		if name == "" {
			return s.object(t)
		}
		if n, ok := s.names[t]; ok {
			return ref(n)
		}
		name = strings.ToUpper(name[:1]) + name[1:]
		s.names[t] = name
		s.defs[name] = s.object(t)
		return ref(name)
	}
	return map[string]any{} // interface{}: any JSON value
}

func ref(name string) map[string]any {
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// object is the schema of struct t itself.
func (s *schemas) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	s.fields(t, props, &required)
	o := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

// fields adds t's JSON properties to props, inlining embedded structs.
func (s *schemas) fields(t reflect.Type, props map[string]any, required *[]string) {
	for f := range t.Fields() {
		tag, hasTag := f.Tag.Lookup("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				s.fields(ft, props, required)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if !hasTag || name == "" {
			name = f.Name
		}
		p := s.of(f.Type)
		omitempty := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
		if f.Type.Kind() == reflect.Pointer && !omitempty {
			p = map[string]any{"oneOf": []any{p, map[string]any{"type": "null"}}}
		}
		props[name] = p
		if !omitempty {
			*required = append(*required, name)
		}
	}
}
